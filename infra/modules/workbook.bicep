// The "ANTS swarm" workbook on the Application Insights component: throughput, latency, failures and dead
// letters, the pheromone field, agents by state and model cost, all KQL over customEvents/customMetrics.
// The workbook itself is infra/workbook/ants-swarm.workbook.json (a test checks every event, metric and
// dimension name it queries against what the code emits); only the component id is filled in here.
@description('Application Insights component name (the workbook is linked to it and queries it).')
param appInsightsName string

@description('Region of the workbook resource.')
param location string

@description('Resource tags.')
param tags object

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource workbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  // Workbook resource names must be GUIDs; this one is stable per component.
  name: guid(appInsights.id, 'ants-swarm-workbook')
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: 'ANTS swarm'
    category: 'workbook'
    sourceId: appInsights.id
    version: 'Notebook/1.0'
    serializedData: replace(loadTextContent('../workbook/ants-swarm.workbook.json'), '__APP_INSIGHTS_ID__', appInsights.id)
  }
}

output workbookId string = workbook.id
output workbookName string = workbook.name
