// Azure OpenAI account (Entra ID only, custom subdomain for token auth) and its model deployments.
@description('Account name; also its custom subdomain.')
param name string

@description('Region (model availability differs by region).')
param location string

@description('Resource tags.')
param tags object

@description('Model deployments: name, model, version, skuName and capacity.')
param deployments array

resource account 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
  name: name
  location: location
  tags: tags
  kind: 'OpenAI'
  sku: {
    name: 'S0'
  }
  properties: {
    customSubDomainName: name
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
}

// One at a time: the service rejects concurrent deployment changes on an account.
@batchSize(1)
resource deployment 'Microsoft.CognitiveServices/accounts/deployments@2024-10-01' = [
  for d in deployments: {
    parent: account
    name: d.name
    sku: {
      name: d.skuName
      capacity: d.capacity
    }
    properties: {
      model: {
        format: 'OpenAI'
        name: d.model
        version: d.version
      }
    }
  }
]

output name string = account.name
output endpoint string = account.properties.endpoint
// Comma-separated deployment names (AZURE_OPENAI_DEPLOYMENTS).
output deploymentNames string = join(map(deployments, d => d.name), ',')
