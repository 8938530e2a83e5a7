// ANTS: the whole platform in one subscription-scoped deployment (azd compatible).
// Every data-plane connection is identity based; no keys, connection strings or SAS tokens are created,
// read or output. Entity names and properties come from ../shared/entities.json, the one declaration the
// code and the local emulator also read.
targetScope = 'subscription'

metadata description = 'ANTS: Azure-native serverless swarm (Flex Consumption Functions, Service Bus, Event Hubs, Cosmos DB, Azure OpenAI, Application Insights).'

@minLength(1)
@maxLength(64)
@description('azd environment name; used for the resource group name and the unique resource token.')
param environmentName string

@minLength(1)
@description('Region for every resource. It must offer Flex Consumption (for example eastus, eastus2, westus2, northeurope, westeurope, swedencentral, uksouth, australiaeast).')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Optional object id of the deploying user or service principal. When set, it gets the same data-plane roles as the function app so local runs against Azure work. Leave empty to skip.')
param principalId string = ''

@allowed([
  'User'
  'ServicePrincipal'
])
@description('Principal type of principalId.')
param principalType string = 'User'

@description('Resource group name. Empty means rg-<environmentName>.')
param resourceGroupName string = ''

@allowed([
  '20'
  '22'
])
@description('Node.js version of the Functions runtime.')
param nodeVersion string = '22'

@allowed([
  512
  2048
  4096
])
@description('Flex Consumption instance memory size in MB.')
param instanceMemoryMB int = 2048

@minValue(40)
@maxValue(1000)
@description('Flex Consumption maximum instance count (scale-out limit).')
param maximumInstanceCount int = 100

@minValue(0)
@maxValue(32)
@description('Partitions of the pheromone event hub. 0 means the value declared in shared/entities.json (32). It cannot be changed after the hub exists on the Standard tier.')
param eventHubPartitionCount int = 0

@description('Extra Event Hubs consumer groups, one per tenant that needs its own pheromone reader (names are used as given).')
param tenantConsumerGroups array = []

@allowed([
  'serverless'
  'provisioned'
])
@description('Cosmos DB capacity mode: serverless (pay per request, no idle cost) or provisioned autoscale throughput shared by the database.')
param cosmosCapacityMode string = 'serverless'

@minValue(1000)
@description('Maximum autoscale RU/s of the database when cosmosCapacityMode is provisioned (the minimum is a tenth of it).')
param cosmosAutoscaleMaxThroughput int = 1000

@description('Deploy an Azure OpenAI account and model deployments. Set false for offline use: AZURE_OPENAI_ENDPOINT is then empty.')
param deployOpenAi bool = true

@description('Region of the Azure OpenAI account (model availability differs by region). Empty means location.')
param openAiLocation string = ''

@description('Azure OpenAI model deployments: name, model, version, skuName (GlobalStandard, Standard, ...) and capacity (thousands of tokens per minute).')
param openAiDeployments array = [
  {
    name: 'gpt-4o-mini'
    model: 'gpt-4o-mini'
    version: '2024-07-18'
    skuName: 'GlobalStandard'
    capacity: 10
  }
]

@description('Resource id of an existing action group the alerts notify. Empty: use alertEmail, or alerts without notifications.')
param actionGroupId string = ''

@description('Email address for an action group created for the alerts when actionGroupId is empty. Empty: none.')
param alertEmail string = ''

var entities = loadJsonContent('../shared/entities.json')
var pheromoneHub = entities.eventHubs.hubs[0]
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
  application: 'ants'
}
var functionAppName = 'func-ants-${resourceToken}'
// azd finds the app to deploy the 'api' service to by this tag.
var functionAppTags = {
  'azd-env-name': environmentName
  application: 'ants'
  'azd-service-name': 'api'
}

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: empty(resourceGroupName) ? 'rg-${environmentName}' : resourceGroupName
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: 'id-ants-${resourceToken}'
    location: location
    tags: tags
  }
}

// Log Analytics + Application Insights. Workbooks and alerts belong in their own module beside it
// (for example modules/monitoring.bicep), fed from telemetry.outputs (appInsightsId, logAnalyticsWorkspaceId).
module telemetry 'modules/telemetry.bicep' = {
  name: 'telemetry'
  scope: rg
  params: {
    logAnalyticsName: 'log-ants-${resourceToken}'
    appInsightsName: 'appi-ants-${resourceToken}'
    location: location
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: 'stants${resourceToken}'
    location: location
    tags: tags
    deploymentContainerName: 'app-package-${resourceToken}'
    checkpointContainerName: entities.storage.checkpointContainer
  }
}

module eventHubs 'modules/eventhubs.bicep' = {
  name: 'eventhubs'
  scope: rg
  params: {
    name: 'evhns-ants-${resourceToken}'
    location: location
    tags: tags
    hub: pheromoneHub
    partitionCount: eventHubPartitionCount == 0 ? pheromoneHub.partitionCount : eventHubPartitionCount
    tenantConsumerGroups: tenantConsumerGroups
  }
}

module serviceBus 'modules/servicebus.bicep' = {
  name: 'servicebus'
  scope: rg
  params: {
    name: 'sbns-ants-${resourceToken}'
    location: location
    tags: tags
    queues: entities.serviceBus.queues
  }
}

module cosmos 'modules/cosmos.bicep' = {
  name: 'cosmos'
  scope: rg
  params: {
    name: 'cosmos-ants-${resourceToken}'
    location: location
    tags: tags
    databaseName: entities.cosmos.database
    containers: entities.cosmos.containers
    capacityMode: cosmosCapacityMode
    autoscaleMaxThroughput: cosmosAutoscaleMaxThroughput
  }
}

module openAi 'modules/openai.bicep' = if (deployOpenAi) {
  name: 'openai'
  scope: rg
  params: {
    name: 'oai-ants-${resourceToken}'
    location: empty(openAiLocation) ? location : openAiLocation
    tags: tags
    deployments: openAiDeployments
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  scope: rg
  params: {
    name: functionAppName
    planName: 'plan-ants-${resourceToken}'
    location: location
    tags: functionAppTags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    nodeVersion: nodeVersion
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    storageBlobEndpoint: storage.outputs.blobEndpoint
    storageQueueEndpoint: storage.outputs.queueEndpoint
    storageTableEndpoint: storage.outputs.tableEndpoint
    appInsightsName: telemetry.outputs.appInsightsName
    serviceBusFqdn: serviceBus.outputs.fqdn
    eventHubsFqdn: eventHubs.outputs.fqdn
    cosmosEndpoint: cosmos.outputs.endpoint
    cosmosDatabaseName: cosmos.outputs.databaseName
    openAiEndpoint: deployOpenAi ? openAi!.outputs.endpoint : ''
    openAiDeploymentNames: deployOpenAi ? openAi!.outputs.deploymentNames : ''
    entities: entities
  }
}

// Every data-plane role, for the function identity and (optionally) the deploying principal.
module rbac 'modules/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    identityPrincipalId: identity.outputs.principalId
    userPrincipalId: principalId
    userPrincipalType: principalType
    storageAccountName: storage.outputs.name
    serviceBusNamespaceName: serviceBus.outputs.name
    eventHubsNamespaceName: eventHubs.outputs.name
    cosmosAccountName: cosmos.outputs.name
    appInsightsName: telemetry.outputs.appInsightsName
    deployOpenAi: deployOpenAi
    openAiAccountName: deployOpenAi ? openAi!.outputs.name : ''
  }
}

// The portal view: the "ANTS swarm" workbook and the alerts (dead letters, backlog, failure rate).
module workbook 'modules/workbook.bicep' = {
  name: 'workbook'
  scope: rg
  params: {
    appInsightsName: telemetry.outputs.appInsightsName
    location: location
    tags: tags
  }
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  scope: rg
  params: {
    serviceBusNamespaceName: serviceBus.outputs.name
    appInsightsName: telemetry.outputs.appInsightsName
    location: location
    tags: tags
    nameSuffix: resourceToken
    actionGroupId: actionGroupId
    alertEmail: alertEmail
  }
}

// Outputs become azd environment values. Nothing here is a secret: no keys, no connection strings.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output AZURE_FUNCTION_APP_URL string = functionApp.outputs.url
output AZURE_USER_ASSIGNED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output AZURE_SERVICEBUS_FULLY_QUALIFIED_NAMESPACE string = serviceBus.outputs.fqdn
output AZURE_EVENTHUBS_FULLY_QUALIFIED_NAMESPACE string = eventHubs.outputs.fqdn
output AZURE_COSMOS_ENDPOINT string = cosmos.outputs.endpoint
output AZURE_COSMOS_DATABASE string = cosmos.outputs.databaseName
output AZURE_STORAGE_BLOB_ENDPOINT string = storage.outputs.blobEndpoint
output APPLICATIONINSIGHTS_NAME string = telemetry.outputs.appInsightsName
output AZURE_OPENAI_ENDPOINT string = deployOpenAi ? openAi!.outputs.endpoint : ''
output AZURE_OPENAI_DEPLOYMENTS string = deployOpenAi ? openAi!.outputs.deploymentNames : ''
