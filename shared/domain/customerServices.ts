/** A customer's services (synced from billing) and which servers they run on. Pure rules, no AWS. */
import type { ReplaceCustomerServicesInput } from '../schemas/customerServices.ts';

export interface CustomerService {
  id: string;
  name: string;
  product: string;
  serverId: string | null;
}

export function servicesFromInput(input: ReplaceCustomerServicesInput): CustomerService[] {
  return input.services.map((service) => ({
    id: service.id,
    name: service.name,
    product: service.product,
    serverId: service.serverId ?? null,
  }));
}

/** What a server hosts: services placed on it, services it names, and whole products. */
export interface ServerPlacement {
  id: string;
  products: string[];
  serviceIds: string[];
}

export function runsOn(service: CustomerService, server: ServerPlacement): boolean {
  return service.serverId === server.id || server.serviceIds.includes(service.id) || server.products.includes(service.product);
}

/** The customer's services that run on any of the given servers, each once, in the customer's order. */
export function servicesAffectedBy(servers: ServerPlacement[], services: CustomerService[]): CustomerService[] {
  return services.filter((service) => servers.some((server) => runsOn(service, server)));
}

export const showCustomerService = (service: CustomerService) => ({
  id: service.id,
  name: service.name,
  product: service.product,
  serverId: service.serverId,
});
