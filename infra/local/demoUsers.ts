/** The demo people of the local cloud; `npm start` prints a token for each. */
import type { TokenRequest } from './localIssuer.ts';

export const demoUsers = {
  customer: { sub: 'cust-anna-kowalska', email: 'anna.kowalska@example.pl', name: 'Anna Kowalska' },
  otherCustomer: { sub: 'cust-john-smith', email: 'john.smith@example.com', name: 'John Smith' },
  staff: { sub: 'staff-marta-nowak', email: 'marta.nowak@hosting.example', name: 'Marta Nowak', groups: ['staff'] },
  admin: {
    sub: 'staff-piotr-wisniewski',
    email: 'piotr.wisniewski@hosting.example',
    name: 'Piotr Wiśniewski',
    groups: ['staff', 'admin'],
  },
} satisfies Record<string, TokenRequest>;
