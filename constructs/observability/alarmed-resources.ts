import { type SignalId } from './signals';

/**
 * Resource types that may not ship without alarms, and the alarms of the signal catalog each must have: the metrics
 * (namespace, name) and the dimension that names the resource. Policy rule VP-OBS-4 (critical-resources-alarmed)
 * checks every stack against this table; the catalog test checks that the table and the catalog's signals agree.
 */
export interface AlarmedResourceType {
  readonly namespace: string;
  /** The alarm dimension whose value is the resource (a reference to it, or its literal identifier). */
  readonly dimension: string;
  /** Attribute of the resource whose literal value may stand for it in the dimension (RDS identifiers). */
  readonly literalAttribute?: string;
  /** Required metric names, with the catalog signal that alarms on each. */
  readonly metrics: Readonly<Record<string, SignalId>>;
}

export const ALARMED_RESOURCE_TYPES: Readonly<Record<string, AlarmedResourceType>> = {
  aws_db_instance: {
    namespace: 'AWS/RDS',
    dimension: 'DBInstanceIdentifier',
    literalAttribute: 'identifier',
    metrics: { CPUUtilization: 'postgres-cpu', FreeStorageSpace: 'postgres-free-storage', FreeableMemory: 'postgres-free-memory', DatabaseConnections: 'postgres-connections' },
  },
  aws_lb_target_group: {
    namespace: 'AWS/NetworkELB',
    dimension: 'TargetGroup',
    metrics: { HealthyHostCount: 'vault-no-healthy-targets' },
  },
  aws_nat_gateway: {
    namespace: 'AWS/NATGateway',
    dimension: 'NatGatewayId',
    metrics: { ErrorPortAllocation: 'nat-port-allocation-errors', PacketsDropCount: 'nat-packets-dropped' },
  },
  aws_ec2_client_vpn_endpoint: {
    namespace: 'AWS/ClientVPN',
    dimension: 'Endpoint',
    metrics: { AuthenticationFailures: 'vpn-authentication-failures', CrlDaysToExpiry: 'vpn-crl-expiring' },
  },
};
