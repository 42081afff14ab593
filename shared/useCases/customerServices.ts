/** A customer's services: synced by billing (admin), listed by the customer. */
import * as customerServiceRepository from '../data/customerServiceRepository.ts';
import { servicesFromInput, type CustomerService } from '../domain/customerServices.ts';
import type { ReplaceCustomerServicesInput } from '../schemas/customerServices.ts';

export async function listCustomerServices(customerId: string): Promise<CustomerService[]> {
  return customerServiceRepository.list(customerId);
}

export async function replaceCustomerServices(customerId: string, input: ReplaceCustomerServicesInput): Promise<CustomerService[]> {
  const services = servicesFromInput(input);
  const existing = await customerServiceRepository.list(customerId);
  await customerServiceRepository.replace(customerId, services, existing);
  return services;
}
