// The ANTS function app on Flex Consumption, running as the user-assigned identity. App settings are
// identity based only: each connection is a namespace / endpoint plus credential=managedidentity and the
// identity's client id. Setting names come from shared/entities.json.
@description('Function app name.')
param name string

@description('Flex Consumption plan name.')
param planName string

@description('Region.')
param location string

@description('Resource tags (must include azd-service-name for azd deploy).')
param tags object

@description('Resource id of the user-assigned identity.')
param identityId string

@description('Client id of the user-assigned identity.')
param identityClientId string

@allowed([
  '20'
  '22'
])
@description('Node.js version.')
param nodeVersion string

@allowed([
  512
  2048
  4096
])
@description('Instance memory size in MB.')
param instanceMemoryMB int

@minValue(40)
@maxValue(1000)
@description('Maximum instance count.')
param maximumInstanceCount int

@description('URL of the blob container the app package is deployed to.')
param deploymentContainerUrl string

@description('Blob endpoint of the host storage account.')
param storageBlobEndpoint string

@description('Queue endpoint of the host storage account.')
param storageQueueEndpoint string

@description('Table endpoint of the host storage account.')
param storageTableEndpoint string

@description('Application Insights component name (its connection string is read here, never passed around).')
param appInsightsName string

@description('Service Bus fully qualified namespace.')
param serviceBusFqdn string

@description('Event Hubs fully qualified namespace.')
param eventHubsFqdn string

@description('Cosmos DB account endpoint.')
param cosmosEndpoint string

@description('Cosmos DB database name.')
param cosmosDatabaseName string

@description('Azure OpenAI endpoint; empty when OpenAI is not deployed.')
param openAiEndpoint string

@description('Comma-separated Azure OpenAI deployment names; empty when OpenAI is not deployed.')
param openAiDeploymentNames string

@description('The shared entity declaration (shared/entities.json): connection and setting names.')
param entities object

var settings = entities.settings
var credential = 'managedidentity'
var storageConnection = entities.storage.connectionSetting
var serviceBusConnection = entities.serviceBus.connectionSetting
var eventHubConnection = entities.eventHubs.connectionSetting
var cosmosConnection = entities.cosmos.connectionSetting

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'node'
        version: nodeVersion
      }
    }
  }
}

resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'appsettings'
  properties: {
    '${settings.storageBlobUri}': storageBlobEndpoint
    '${settings.storageQueueUri}': storageQueueEndpoint
    '${settings.storageTableUri}': storageTableEndpoint
    '${storageConnection}${settings.credential}': credential
    '${storageConnection}${settings.clientId}': identityClientId
    '${settings.serviceBusNamespace}': serviceBusFqdn
    '${serviceBusConnection}${settings.credential}': credential
    '${serviceBusConnection}${settings.clientId}': identityClientId
    '${settings.eventHubNamespace}': eventHubsFqdn
    '${eventHubConnection}${settings.credential}': credential
    '${eventHubConnection}${settings.clientId}': identityClientId
    '${settings.cosmosEndpoint}': cosmosEndpoint
    '${settings.cosmosDatabase}': cosmosDatabaseName
    '${cosmosConnection}${settings.credential}': credential
    '${cosmosConnection}${settings.clientId}': identityClientId
    '${settings.openAiEndpoint}': openAiEndpoint
    '${settings.openAiDeployments}': openAiDeploymentNames
    '${settings.managedIdentityClientId}': identityClientId
    // Instrumentation key + ingestion endpoint only; with local auth disabled it is not a credential.
    '${settings.appInsightsConnectionString}': appInsights.properties.ConnectionString
    '${settings.appInsightsAuthentication}': 'ClientId=${identityClientId};Authorization=AAD'
    ANTS_ENV: 'azure'
  }
}

// No publishing with basic (user name + password) credentials: deployments use Entra ID.
resource ftpPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

output name string = site.name
output url string = 'https://${site.properties.defaultHostName}'
