// Service Bus namespace (Standard, Entra ID only) with every queue of shared/entities.json, as declared.
@description('Namespace name.')
param name string

@description('Region.')
param location string

@description('Resource tags.')
param tags object

@description('The queue declarations from shared/entities.json.')
param queues array

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }
}

resource queue 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' = [
  for q in queues: {
    parent: namespace
    name: q.name
    properties: {
      maxDeliveryCount: q.maxDeliveryCount
      lockDuration: q.lockDuration
      defaultMessageTimeToLive: q.defaultMessageTimeToLive
      deadLetteringOnMessageExpiration: q.deadLetteringOnMessageExpiration
      requiresDuplicateDetection: q.requiresDuplicateDetection
      duplicateDetectionHistoryTimeWindow: q.duplicateDetectionHistoryTimeWindow
      requiresSession: q.requiresSession
      enablePartitioning: false
    }
  }
]

output name string = namespace.name
// serviceBusEndpoint is https://<namespace>.servicebus.<cloud suffix>:443/; the SDKs want the bare host name.
output fqdn string = replace(replace(namespace.properties.serviceBusEndpoint, 'https://', ''), ':443/', '')
