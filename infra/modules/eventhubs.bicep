// Event Hubs namespace (Standard, Entra ID only) with the pheromone hub and its consumer groups.
@description('Namespace name.')
param name string

@description('Region.')
param location string

@description('Resource tags.')
param tags object

@description('The pheromone hub declaration from shared/entities.json (name, messageRetentionInDays, consumerGroups).')
param hub object

@minValue(1)
@maxValue(32)
@description('Partition count of the hub.')
param partitionCount int

@description('Extra consumer groups, one per tenant that needs its own reader.')
param tenantConsumerGroups array

// $Default exists on every hub and cannot be created; every other declared group is.
var consumerGroups = union(filter(hub.consumerGroups, group => group != '$Default'), tenantConsumerGroups)

resource namespace 'Microsoft.EventHub/namespaces@2024-01-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Standard'
    capacity: 1
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
    isAutoInflateEnabled: false
  }
}

resource eventHub 'Microsoft.EventHub/namespaces/eventhubs@2024-01-01' = {
  parent: namespace
  name: hub.name
  properties: {
    partitionCount: partitionCount
    messageRetentionInDays: hub.messageRetentionInDays
  }
}

resource consumerGroup 'Microsoft.EventHub/namespaces/eventhubs/consumergroups@2024-01-01' = [
  for group in consumerGroups: {
    parent: eventHub
    name: group
  }
]

output name string = namespace.name
// serviceBusEndpoint is https://<namespace>.servicebus.<cloud suffix>:443/; the SDKs want the bare host name.
output fqdn string = replace(replace(namespace.properties.serviceBusEndpoint, 'https://', ''), ':443/', '')
output hubName string = eventHub.name
output consumerGroups array = consumerGroups
