import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  MathExpression,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { ServiceFunction } from './service-function.js';

export interface AlarmsProps {
  topic: ITopic;
  functions: Record<string, ServiceFunction>;
  stateMachine: StateMachine;
  tables: ReadonlyMap<string, Table>;
}

const FIVE_MINUTES = Duration.minutes(5);

/**
 * Any function error or throttle, any failed or timed-out execution, any DynamoDB throttle:
 * each is something a person should look at, so each alarms on the first occurrence.
 */
export class Alarms extends Construct {
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    const action = new SnsAction(props.topic);
    const add = (alarmId: string, description: string, metric: Metric | MathExpression) => {
      const alarm = new Alarm(this, alarmId, {
        alarmDescription: description,
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(action);
      this.alarms.push(alarm);
    };
    for (const [name, fn] of Object.entries(props.functions)) {
      const id = name.replace(/[^A-Za-z0-9]/g, '');
      add(
        `${id}Errors`,
        `The ${name} function failed`,
        fn.function.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }),
      );
      add(
        `${id}Throttles`,
        `The ${name} function was throttled`,
        fn.function.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum' }),
      );
    }
    add(
      'ExecutionsFailed',
      'A workflow execution failed',
      props.stateMachine.metricFailed({ period: FIVE_MINUTES, statistic: 'Sum' }),
    );
    add(
      'ExecutionsTimedOut',
      'A workflow execution timed out',
      props.stateMachine.metricTimedOut({ period: FIVE_MINUTES, statistic: 'Sum' }),
    );
    for (const [name, table] of props.tables) {
      const throttles = (metricName: string) =>
        new Metric({
          namespace: 'AWS/DynamoDB',
          metricName,
          dimensionsMap: { TableName: table.tableName },
          period: FIVE_MINUTES,
          statistic: 'Sum',
        });
      add(
        `${name}Throttles`,
        `The ${name} table throttled reads or writes`,
        new MathExpression({
          expression: 'reads + writes',
          usingMetrics: {
            reads: throttles('ReadThrottleEvents'),
            writes: throttles('WriteThrottleEvents'),
          },
          period: FIVE_MINUTES,
        }),
      );
    }
  }
}
