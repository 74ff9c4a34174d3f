import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { ISecurityGroup, IVpc, SubnetSelection } from 'aws-cdk-lib/aws-ec2';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  Architecture,
  Code,
  Function as LambdaFunction,
  Runtime,
  Tracing,
} from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** Why the one `*` resource in a function's policy is there. */
export const AWS_REQUIRES_ANY_RESOURCE =
  'Only X-Ray tracing (xray:PutTraceSegments, xray:PutTelemetryRecords) and, for functions in a VPC, the network interface actions Lambda uses to attach them (ec2:CreateNetworkInterface, DescribeNetworkInterfaces, DeleteNetworkInterface, AssignPrivateIpAddresses, UnassignPrivateIpAddresses) have Resource "*": these actions support no resource-level permissions. Every other statement names its resources.';

export interface ServiceFunctionProps {
  /** The bundle folder (index.mjs, its source map, the Cedar wasm when it judges by policy). */
  bundleDir: string;
  /** The bundle's export this function runs. */
  handlerExport: string;
  memoryMb: number;
  timeoutSeconds: number;
  logRetention: RetentionDays;
  removeLogsWithStack: boolean;
  environment: Record<string, string>;
  network?: { vpc: IVpc; subnets: SubnetSelection; securityGroup: ISecurityGroup };
}

/**
 * One of our Lambda functions: Node 24 on ARM64, the esbuild bundle the local runtime's entry
 * points produce, its own log group and its own role, which starts with nothing but writing to
 * that log group. Everything else is granted by name where the function is wired.
 */
export class ServiceFunction extends Construct {
  readonly function: LambdaFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: props.removeLogsWithStack ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `The ${id} function: its own log group, and what it is granted by name`,
    });
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );
    if (props.network) {
      // What Lambda needs to attach the function to the VPC's subnets.
      this.role.addToPrincipalPolicy(
        new PolicyStatement({
          actions: [
            'ec2:CreateNetworkInterface',
            'ec2:DescribeNetworkInterfaces',
            'ec2:DeleteNetworkInterface',
            'ec2:AssignPrivateIpAddresses',
            'ec2:UnassignPrivateIpAddresses',
          ],
          resources: ['*'],
        }),
      );
    }
    this.function = new LambdaFunction(this, 'Function', {
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      code: Code.fromAsset(props.bundleDir),
      handler: `index.${props.handlerExport}`,
      memorySize: props.memoryMb,
      timeout: Duration.seconds(props.timeoutSeconds),
      role: this.role,
      logGroup: this.logGroup,
      tracing: Tracing.ACTIVE,
      environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
      ...(props.network
        ? {
            vpc: props.network.vpc,
            vpcSubnets: props.network.subnets,
            securityGroups: [props.network.securityGroup],
          }
        : {}),
    });
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: AWS_REQUIRES_ANY_RESOURCE,
    });
  }

  allow(statement: PolicyStatement): void {
    this.role.addToPrincipalPolicy(statement);
  }
}
