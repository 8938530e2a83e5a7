/**
 * Every telemetry name ANTS emits, in one place: the code, the portal workbook and the alerts use these
 * and a test checks that the workbook asks only for names that exist here.
 */
export const TelemetryEvents = {
  TaskSubmitted: 'TaskSubmitted',
  TaskClaimed: 'TaskClaimed',
  TaskCompleted: 'TaskCompleted',
  TaskFailed: 'TaskFailed',
  TaskDeadLettered: 'TaskDeadLettered',
  TaskDeferred: 'TaskDeferred',
  TaskCancelled: 'TaskCancelled',
  TaskEnqueueFailed: 'TaskEnqueueFailed',
  ScheduledCancelFailed: 'ScheduledCancelFailed',
  PheromoneDeposited: 'PheromoneDeposited',
  PheromoneDepositFailed: 'PheromoneDepositFailed',
  PheromoneRejected: 'PheromoneRejected',
  LifecycleActionSkipped: 'LifecycleActionSkipped',
  AgentWoke: 'AgentWoke',
  AgentSlept: 'AgentSlept',
  AgentRecruited: 'AgentRecruited',
  AgentDeployed: 'AgentDeployed',
  ModelCalled: 'ModelCalled',
  BudgetThresholdCrossed: 'BudgetThresholdCrossed',
} as const;
export type TelemetryEventName = (typeof TelemetryEvents)[keyof typeof TelemetryEvents];

/** Queue depth is not emitted by the app: Service Bus reports it as the `ActiveMessages` platform metric. */
export const TelemetryMetrics = {
  TaskQueueWaitMs: 'TaskQueueWaitMs',
  TaskRunMs: 'TaskRunMs',
  PheromoneStrength: 'PheromoneStrength',
  AgentsByState: 'AgentsByState',
  ModelTokens: 'ModelTokens',
  ModelCostUsd: 'ModelCostUsd',
} as const;
export type TelemetryMetricName = (typeof TelemetryMetrics)[keyof typeof TelemetryMetrics];
