// Cosmos DB (NoSQL) account with Entra ID data-plane access only, the ANTS database and every container of
// shared/entities.json. Indexing is tuned to the queries the code runs: composite indexes for the multi-field
// ORDER BYs, and the big free-form document parts excluded to keep write RUs low.
@description('Account name.')
param name string

@description('Region.')
param location string

@description('Resource tags.')
param tags object

@description('Database name (cosmos.database in shared/entities.json).')
param databaseName string

@description('The container declarations from shared/entities.json (name, partitionKey, defaultTtl).')
param containers array

@allowed([
  'serverless'
  'provisioned'
])
@description('serverless: pay per request. provisioned: autoscale throughput shared by the database.')
param capacityMode string

@minValue(1000)
@description('Maximum autoscale RU/s of the database in provisioned mode.')
param autoscaleMaxThroughput int

var serverless = capacityMode == 'serverless'

// Free-form parts of the documents that no query filters or sorts on.
var excludedPaths = [
  { path: '/payload/*' }
  { path: '/result/*' }
  { path: '/history/*' }
  { path: '/checkpoint/*' }
  { path: '/data/*' }
  { path: '/"_etag"/?' }
]

// Composite indexes for the multi-field ORDER BYs of the queries in shared/adapters/azure/cosmos (all run in
// the tenant's partition, WHERE c.tenantId = @tenantId AND ...):
//   tasks:      [status =] [keyset cursor] ORDER BY createdAt DESC, id DESC   (must match
//               indexingPolicies.tasks in shared/adapters/azure/cosmos/client.ts; a test checks it)
//   pheromones: expiresAt > now [AND type =] [AND location = / STARTSWITH] ORDER BY strength DESC
//   agents:     [state =] [AND agentType =] ORDER BY id: one sort field, the range index serves it
//   approvals, audit: point reads and single-field queries only
var compositeIndexes = {
  tasks: [
    [
      { path: '/createdAt', order: 'descending' }
      { path: '/id', order: 'descending' }
    ]
    [
      { path: '/status', order: 'ascending' }
      { path: '/createdAt', order: 'descending' }
      { path: '/id', order: 'descending' }
    ]
  ]
  pheromones: [
    [
      { path: '/type', order: 'ascending' }
      { path: '/location', order: 'ascending' }
      { path: '/strength', order: 'descending' }
    ]
    [
      { path: '/type', order: 'ascending' }
      { path: '/strength', order: 'descending' }
    ]
  ]
}

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' = {
  name: name
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: false
      }
    ]
    consistencyPolicy: {
      defaultConsistencyLevel: 'Session'
    }
    capabilities: serverless ? [{ name: 'EnableServerless' }] : []
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    publicNetworkAccess: 'Enabled'
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-11-15' = {
  parent: account
  name: databaseName
  properties: {
    resource: {
      id: databaseName
    }
    options: serverless ? {} : { autoscaleSettings: { maxThroughput: autoscaleMaxThroughput } }
  }
}

resource container 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = [
  for c in containers: {
    parent: database
    name: c.name
    properties: {
      resource: {
        id: c.name
        partitionKey: {
          paths: [c.partitionKey]
          kind: 'Hash'
          version: 2
        }
        defaultTtl: c.defaultTtl
        indexingPolicy: {
          indexingMode: 'consistent'
          automatic: true
          includedPaths: [
            { path: '/*' }
          ]
          excludedPaths: excludedPaths
          compositeIndexes: compositeIndexes[?c.name] ?? []
        }
      }
    }
  }
]

output name string = account.name
output endpoint string = account.properties.documentEndpoint
output databaseName string = database.name
