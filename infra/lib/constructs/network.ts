import {
  FlowLogDestination,
  GatewayVpcEndpointAwsService,
  InterfaceVpcEndpointAwsService,
  type ISecurityGroup,
  type IVpc,
  SecurityGroup,
  type SubnetSelection,
  SubnetType,
  Vpc,
} from 'aws-cdk-lib/aws-ec2';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../../config/index.js';

type VpcSettings = Exclude<EnvironmentConfig['vpc'], { mode: 'none' }>;

export interface NetworkProps {
  settings: VpcSettings;
  logRetention: RetentionDays;
}

/**
 * Where the functions run when the environment asks for a private network: a new VPC (private
 * subnets, one NAT gateway for Slack and the tool APIs, endpoints so AWS traffic stays inside,
 * flow logs) or an existing one named by ids.
 */
export class Network extends Construct {
  readonly vpc: IVpc;
  readonly subnets: SubnetSelection;
  readonly securityGroup: ISecurityGroup;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const { settings } = props;
    const functionsGroup = (vpc: IVpc) =>
      new SecurityGroup(this, 'Functions', {
        vpc,
        description: 'Our functions: no inbound, HTTPS out to AWS endpoints, Slack and tool APIs',
        allowAllOutbound: true,
      });
    if (settings.mode === 'existing') {
      this.vpc = Vpc.fromVpcAttributes(this, 'Vpc', {
        vpcId: settings.vpcId,
        availabilityZones: settings.availabilityZones,
        privateSubnetIds: settings.privateSubnetIds,
      });
      this.subnets = { subnets: this.vpc.privateSubnets };
      this.securityGroup = functionsGroup(this.vpc);
    } else {
      const vpc = new Vpc(this, 'Vpc', {
        maxAzs: settings.maxAzs,
        natGateways: 1,
        subnetConfiguration: [
          { name: 'public', subnetType: SubnetType.PUBLIC, cidrMask: 24 },
          { name: 'private', subnetType: SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 },
        ],
        flowLogs: {
          all: {
            destination: FlowLogDestination.toCloudWatchLogs(
              new LogGroup(this, 'FlowLogs', { retention: props.logRetention }),
            ),
          },
        },
      });
      this.securityGroup = functionsGroup(vpc);
      vpc.addGatewayEndpoint('DynamoDb', { service: GatewayVpcEndpointAwsService.DYNAMODB });
      for (const [name, service] of [
        ['SecretsManager', InterfaceVpcEndpointAwsService.SECRETS_MANAGER],
        ['StepFunctions', InterfaceVpcEndpointAwsService.STEP_FUNCTIONS],
        ['Sns', InterfaceVpcEndpointAwsService.SNS],
        ['BedrockRuntime', InterfaceVpcEndpointAwsService.BEDROCK_RUNTIME],
        ['XRay', InterfaceVpcEndpointAwsService.XRAY],
      ] as const) {
        const endpoint = vpc.addInterfaceEndpoint(name, {
          service,
          subnets: { subnetType: SubnetType.PRIVATE_WITH_EGRESS },
          // Reachable from our functions only, not from the whole VPC range.
          open: false,
        });
        endpoint.connections.allowDefaultPortFrom(this.securityGroup);
      }
      this.vpc = vpc;
      this.subnets = { subnetType: SubnetType.PRIVATE_WITH_EGRESS };
    }
  }
}
