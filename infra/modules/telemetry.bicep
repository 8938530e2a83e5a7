// Log Analytics workspace + workspace-based Application Insights with local (instrumentation key) auth
// disabled: telemetry is accepted only with an Entra token (Monitoring Metrics Publisher, see rbac.bicep).
// Dashboards, workbooks and alerts go in a separate module fed from these outputs.
@description('Log Analytics workspace name.')
param logAnalyticsName string

@description('Application Insights component name.')
param appInsightsName string

@description('Region.')
param location string

@description('Resource tags.')
param tags object

@minValue(30)
@maxValue(730)
@description('Log Analytics retention in days.')
param retentionInDays int = 30

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalytics.id
    DisableLocalAuth: true
    IngestionMode: 'LogAnalytics'
  }
}

// Names and ids only: the connection string is read by the function app module from the resource itself,
// never passed through an output.
output appInsightsName string = appInsights.name
output appInsightsId string = appInsights.id
output logAnalyticsWorkspaceName string = logAnalytics.name
output logAnalyticsWorkspaceId string = logAnalytics.id
