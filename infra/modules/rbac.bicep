// Every role assignment of the platform, in one place. The function identity gets exactly the data-plane
// roles the code needs and nothing at the control plane; the deploying principal (optional) gets the same
// data roles so `npm start` against Azure works with `az login` credentials.
@description('Principal (object) id of the function app user-assigned identity.')
param identityPrincipalId string

@description('Optional object id of the deploying user or service principal; empty skips its assignments.')
param userPrincipalId string

@allowed([
  'User'
  'ServicePrincipal'
])
@description('Principal type of userPrincipalId.')
param userPrincipalType string

@description('Host storage account name.')
param storageAccountName string

@description('Service Bus namespace name.')
param serviceBusNamespaceName string

@description('Event Hubs namespace name.')
param eventHubsNamespaceName string

@description('Cosmos DB account name.')
param cosmosAccountName string

@description('Application Insights component name.')
param appInsightsName string

@description('Whether the Azure OpenAI account exists.')
param deployOpenAi bool

@description('Azure OpenAI account name; empty when not deployed.')
param openAiAccountName string

// Built-in role definition ids (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles).
var roles = {
  serviceBusDataSender: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39' // Azure Service Bus Data Sender
  serviceBusDataReceiver: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0' // Azure Service Bus Data Receiver
  eventHubsDataSender: '2b629674-e913-4c01-ae53-ef4638d8f975' // Azure Event Hubs Data Sender
  eventHubsDataReceiver: 'a638d3c7-ab3a-418d-83e6-5f17a39d4fde' // Azure Event Hubs Data Receiver
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b' // Storage Blob Data Owner
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88' // Storage Queue Data Contributor
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3' // Storage Table Data Contributor
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb' // Monitoring Metrics Publisher
  cognitiveServicesOpenAiUser: '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd' // Cognitive Services OpenAI User
}
// Cosmos DB data-plane role (Microsoft.DocumentDB sqlRoleDefinitions, not Azure RBAC).
var cosmosDataContributor = '00000000-0000-0000-0000-000000000002' // Cosmos DB Built-in Data Contributor

// The function identity always; the deploying principal when given.
var functionPrincipal = {
  id: identityPrincipalId
  type: 'ServicePrincipal'
}
var userPrincipal = {
  id: userPrincipalId
  type: userPrincipalType
}
var principals = empty(userPrincipalId) ? [functionPrincipal] : [functionPrincipal, userPrincipal]

var serviceBusRoles = [
  roles.serviceBusDataSender
  roles.serviceBusDataReceiver
]
var eventHubsRoles = [
  roles.eventHubsDataSender
  roles.eventHubsDataReceiver
]
// Blob owner: the Functions host (leases, deployment package) and the Event Hubs checkpoint store.
var storageRoles = [
  roles.storageBlobDataOwner
  roles.storageQueueDataContributor
  roles.storageTableDataContributor
]

// Every (principal, role) pair for each scope.
var serviceBusAssignments = flatten(map(principals, p => map(serviceBusRoles, r => { principal: p, role: r })))
var eventHubsAssignments = flatten(map(principals, p => map(eventHubsRoles, r => { principal: p, role: r })))
var storageAssignments = flatten(map(principals, p => map(storageRoles, r => { principal: p, role: r })))

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource serviceBus 'Microsoft.ServiceBus/namespaces@2024-01-01' existing = {
  name: serviceBusNamespaceName
}

resource eventHubs 'Microsoft.EventHub/namespaces@2024-01-01' existing = {
  name: eventHubsNamespaceName
}

resource cosmos 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' existing = {
  name: cosmosAccountName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource openAi 'Microsoft.CognitiveServices/accounts@2024-10-01' existing = if (deployOpenAi) {
  name: openAiAccountName
}

resource serviceBusRoleAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for a in serviceBusAssignments: {
    name: guid(serviceBus.id, a.principal.id, a.role)
    scope: serviceBus
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', a.role)
      principalId: a.principal.id
      principalType: a.principal.type
    }
  }
]

resource eventHubsRoleAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for a in eventHubsAssignments: {
    name: guid(eventHubs.id, a.principal.id, a.role)
    scope: eventHubs
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', a.role)
      principalId: a.principal.id
      principalType: a.principal.type
    }
  }
]

resource storageRoleAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for a in storageAssignments: {
    name: guid(storage.id, a.principal.id, a.role)
    scope: storage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', a.role)
      principalId: a.principal.id
      principalType: a.principal.type
    }
  }
]

resource metricsPublisherRoleAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for p in principals: {
    name: guid(appInsights.id, p.id, roles.monitoringMetricsPublisher)
    scope: appInsights
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
      principalId: p.id
      principalType: p.type
    }
  }
]

resource openAiRoleAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for p in principals: if (deployOpenAi) {
    name: guid(openAi.id, p.id, roles.cognitiveServicesOpenAiUser)
    scope: openAi
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.cognitiveServicesOpenAiUser)
      principalId: p.id
      principalType: p.type
    }
  }
]

resource cosmosRoleAssignment 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = [
  for p in principals: {
    parent: cosmos
    name: guid(cosmos.id, p.id, cosmosDataContributor)
    properties: {
      roleDefinitionId: '${cosmos.id}/sqlRoleDefinitions/${cosmosDataContributor}'
      principalId: p.id
      scope: cosmos.id
    }
  }
]
