// Alerts on the swarm: Service Bus dead letters and backlog (platform metrics, per queue) and the task
// failure rate (a log search alert over the customEvents the code sends to Application Insights). They notify
// the action group given by id, else one created here with an email receiver, else nobody (they still fire
// and show in Azure Monitor > Alerts).
@description('Service Bus namespace name.')
param serviceBusNamespaceName string

@description('Application Insights component name.')
param appInsightsName string

@description('Region of the log search alert (metric alerts and action groups are global).')
param location string

@description('Resource tags.')
param tags object

@description('Suffix of every resource name (the deployment\'s resource token).')
param nameSuffix string

@description('Resource id of an existing action group to notify. Empty: use alertEmail, or notify nobody.')
param actionGroupId string = ''

@description('Email address for an action group created here when actionGroupId is empty. Empty: none.')
param alertEmail string = ''

@minValue(1)
@description('Dead-lettered messages in any one queue above which the dead-letter alert fires.')
param deadLetterThreshold int = 100

@minValue(1)
@description('Active (waiting) messages in any one queue above which the backlog alert fires.')
param backlogThreshold int = 10000

@minValue(1)
@maxValue(100)
@description('Task failure rate, in percent of completed + failed tasks over 15 minutes, above which the failure-rate alert fires.')
param failureRateThresholdPercent int = 10

@minValue(1)
@description('Outcomes (completed + failed) needed in the 15 minutes before a failure rate counts (1 failure in 2 tasks is no incident).')
param failureRateMinTasks int = 20

resource serviceBus 'Microsoft.ServiceBus/namespaces@2024-01-01' existing = {
  name: serviceBusNamespaceName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource emailGroup 'Microsoft.Insights/actionGroups@2023-01-01' = if (empty(actionGroupId) && !empty(alertEmail)) {
  name: 'ag-ants-${nameSuffix}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'ants-alerts'
    enabled: true
    emailReceivers: [
      {
        name: 'operators'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

var actionGroupIds = !empty(actionGroupId) ? [actionGroupId] : (empty(alertEmail) ? [] : [emailGroup.id])

// Service Bus gauges, split by queue (EntityName = *): each queue is judged on its own.
var serviceBusAlerts = [
  {
    name: 'alert-ants-deadletters-${nameSuffix}'
    description: 'A Service Bus queue holds more than ${deadLetterThreshold} dead-lettered messages. List them with GET /api/v1/deadletters and resubmit with POST /api/v1/deadletters/{taskId}/resubmit.'
    metricName: 'DeadletteredMessages'
    threshold: deadLetterThreshold
    timeAggregation: 'Maximum'
    severity: 2
    windowSize: 'PT5M'
    evaluationFrequency: 'PT5M'
  }
  {
    name: 'alert-ants-backlog-${nameSuffix}'
    description: 'A Service Bus queue has more than ${backlogThreshold} active messages waiting on average over 15 minutes: the swarm is not keeping up.'
    metricName: 'ActiveMessages'
    threshold: backlogThreshold
    timeAggregation: 'Average'
    severity: 2
    windowSize: 'PT15M'
    evaluationFrequency: 'PT5M'
  }
]

resource metricAlerts 'Microsoft.Insights/metricAlerts@2018-03-01' = [
  for a in serviceBusAlerts: {
    name: a.name
    location: 'global'
    tags: tags
    properties: {
      description: a.description
      severity: a.severity
      enabled: true
      scopes: [
        serviceBus.id
      ]
      evaluationFrequency: a.evaluationFrequency
      windowSize: a.windowSize
      autoMitigate: true
      criteria: {
        'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
        allOf: [
          {
            criterionType: 'StaticThresholdCriterion'
            name: a.metricName
            metricNamespace: 'Microsoft.ServiceBus/namespaces'
            metricName: a.metricName
            dimensions: [
              {
                name: 'EntityName'
                operator: 'Include'
                values: [
                  '*'
                ]
              }
            ]
            operator: 'GreaterThan'
            threshold: a.threshold
            timeAggregation: a.timeAggregation
          }
        ]
      }
      actions: [
        for id in actionGroupIds: {
          actionGroupId: id
        }
      ]
    }
  }
]

// TaskFailed / (TaskCompleted + TaskFailed) over the 15-minute window; the rule applies the window itself.
// No identity: the rule reads the component's own logs with the alerting service's access, no key involved.
var failureRateQuery = join(
  [
    'customEvents'
    '| where name in ("TaskCompleted", "TaskFailed")'
    '| summarize failed = countif(name == "TaskFailed"), total = count()'
    '| where total >= ${failureRateMinTasks}'
    '| extend failureRatePercent = 100.0 * failed / total'
  ],
  '\n'
)

resource failureRate 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: 'alert-ants-failure-rate-${nameSuffix}'
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: 'ANTS task failure rate'
    description: 'More than ${failureRateThresholdPercent} % of task outcomes in 15 minutes were failures (TaskFailed / (TaskCompleted + TaskFailed), at least ${failureRateMinTasks} outcomes). See the ANTS swarm workbook, Failures.'
    severity: 2
    enabled: true
    scopes: [
      appInsights.id
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      allOf: [
        {
          query: failureRateQuery
          timeAggregation: 'Maximum'
          metricMeasureColumn: 'failureRatePercent'
          operator: 'GreaterThan'
          threshold: failureRateThresholdPercent
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    actions: {
      actionGroups: actionGroupIds
    }
  }
}

output failureRateAlertName string = failureRate.name
