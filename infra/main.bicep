// CxBot in one resource group: a user-assigned managed identity that is both the bot's identity (Bot Connector
// tokens) and the storage identity; a storage account for Azure Tables with no shared keys; a Linux App Service
// running .NET 10; the Azure Bot resource with the Teams channel. No secret is created, stored or passed.
// Optionally the bot uses a single-tenant app registration instead of the managed identity (appRegistrationClientId);
// its client secret then stays in Key Vault and the app reads it through a Key Vault reference.
// Deploy: see infra/README.md (az deployment group create ... --template-file infra/main.bicep).

targetScope = 'resourceGroup'

@description('Base name for every resource, e.g. cxbot-prod (letters, digits and hyphens).')
@minLength(3)
@maxLength(20)
param name string

@description('Azure region of the identity, storage and App Service. The Azure Bot resource is always global.')
param location string = resourceGroup().location

@description('App Service plan SKU. B1 is the smallest that keeps the app always on; S1 or P0v3 and above for autoscale.')
param appServiceSku string = 'B1'

@description('How many App Service instances run the bot. CxBot keeps no state in process, so any number is safe (see docs/deploy.md).')
@minValue(1)
@maxValue(30)
param instanceCount int = 1

@description('Azure Bot pricing tier. F0 is free; S1 lifts the message limit of premium channels (Teams is a standard channel).')
@allowed([
  'F0'
  'S1'
])
param botSku string = 'F0'

@description('Storage redundancy. Zone-redundant by default; Standard_LRS where the region has no zones.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param storageSku string = 'Standard_ZRS'

@description('Prefix of every table name (Storage:TablePrefix), so environments sharing an account never share tables.')
param tablePrefix string = 'cx'

@description('Empty (recommended): the managed identity is the bot\'s identity. Or the client id of a single-tenant app registration to use instead.')
param appRegistrationClientId string = ''

@description('With appRegistrationClientId: the Key Vault secret URI of its client secret, e.g. https://kv-cxbot.vault.azure.net/secrets/bot-secret. The managed identity needs "Key Vault Secrets User" on that vault.')
param appRegistrationSecretUri string = ''

@description('Empty: no customer survey links. Or the Key Vault secret URI of the survey signing key (32+ characters), e.g. https://kv-cxbot.vault.azure.net/secrets/survey-key. The managed identity needs "Key Vault Secrets User" on that vault.')
param surveySigningKeySecretUri string = ''

@description('More app settings (name: value), added to those this template sets. Never put secrets here; none are needed.')
param extraAppSettings object = {}

@description('Tags applied to every resource.')
param tags object = {}

var suffix = uniqueString(resourceGroup().id, name)
// Storage account names: 3-24 lowercase letters and digits, unique across Azure.
var storageName = take('st${toLower(replace(name, '-', ''))}${suffix}', 24)
// Built-in role "Storage Table Data Contributor".
var tableDataContributor = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
var useAppRegistration = !empty(appRegistrationClientId)

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-${name}'
  location: location
  tags: tags
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: storageSku
  }
  properties: {
    // Entra ID tokens only: no account keys, no SAS signed with them.
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    publicNetworkAccess: 'Enabled'
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {}
}

resource tableRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, tableDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', tableDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'plan-${name}'
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: appServiceSku
    capacity: instanceCount
  }
  properties: {
    reserved: true // Linux
  }
}

resource web 'Microsoft.Web/sites@2024-04-01' = {
  name: 'app-${name}-${suffix}'
  location: location
  tags: tags
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // No session affinity: any instance can take any request.
    clientAffinityEnabled: false
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      linuxFxVersion: 'DOTNETCORE|10.0'
      alwaysOn: true
      healthCheckPath: '/readyz'
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
  }
}

// Deployments authenticate with Entra ID (az webapp deploy), never with publishing passwords.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: web
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: web
  name: 'scm'
  properties: {
    allow: false
  }
}

// Observability: Application Insights on a Log Analytics workspace; the bot sends OpenTelemetry traces, metrics and logs
// there when APPLICATIONINSIGHTS_CONNECTION_STRING is set (below).
resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-${name}-${suffix}'
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${name}-${suffix}'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
  }
}

// App settings become environment variables; "__" separates sections (Bot__AppId is Bot:AppId).
resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: web
  name: 'appsettings'
  properties: union({
    ASPNETCORE_ENVIRONMENT: 'Production'
    // appsettings.json listens on loopback for local runs; App Service forwards to port 8080.
    Urls: 'http://+:8080'
    WEBSITES_PORT: '8080'
    Bot__AppId: useAppRegistration ? appRegistrationClientId : identity.properties.clientId
    Bot__AppType: useAppRegistration ? 'SingleTenant' : 'UserAssignedMSI'
    Bot__TenantId: tenant().tenantId
    Bot__ManagedIdentityClientId: useAppRegistration ? '' : identity.properties.clientId
    // A Key Vault reference, resolved by App Service with the managed identity; never the secret itself.
    Bot__ClientSecret: useAppRegistration ? '@Microsoft.KeyVault(SecretUri=${appRegistrationSecretUri})' : ''
    Storage__TableServiceUri: storage.properties.primaryEndpoints.table
    Storage__ManagedIdentityClientId: identity.properties.clientId
    Storage__TablePrefix: tablePrefix
    APPLICATIONINSIGHTS_CONNECTION_STRING: insights.properties.ConnectionString
    // The customer survey: links start with the app's own address; the key is a Key Vault reference, never the secret.
    CustomerVoice__PublicBaseUrl: 'https://${web.properties.defaultHostName}'
    CustomerVoice__SigningKey: empty(surveySigningKeySecretUri) ? '' : '@Microsoft.KeyVault(SecretUri=${surveySigningKeySecretUri})'
    // App Service's front end forwards the client's address; the survey's per-client limits need it.
    ASPNETCORE_FORWARDEDHEADERS_ENABLED: 'true'
  }, extraAppSettings)
  dependsOn: [
    tableRole
  ]
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: 'bot-${name}-${suffix}'
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: {
    name: botSku
  }
  properties: union({
    displayName: 'CxBot'
    description: 'Front-line customer experience: incidents, ideas, recognition, check-ins and weekly scorecards.'
    endpoint: 'https://${web.properties.defaultHostName}/api/messages'
    msaAppType: useAppRegistration ? 'SingleTenant' : 'UserAssignedMSI'
    msaAppId: useAppRegistration ? appRegistrationClientId : identity.properties.clientId
    msaAppTenantId: tenant().tenantId
  }, useAppRegistration ? {} : {
    msaAppMSIResourceId: identity.id
  })
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
    }
  }
}

@description('The web app\'s name, for az webapp deploy.')
output webAppName string = web.name

@description('The bot\'s host name: the manifest package\'s --domain.')
output domain string = web.properties.defaultHostName

@description('The bot\'s id (the managed identity\'s client id, or the app registration\'s): the manifest package\'s --bot-id, and Bot:AppId.')
output botId string = useAppRegistration ? appRegistrationClientId : identity.properties.clientId

@description('The managed identity\'s object (principal) id: the one to grant Graph application permissions to.')
output identityPrincipalId string = identity.properties.principalId

@description('The Application Insights resource the bot\'s telemetry goes to (alerts and dashboards).')
output applicationInsightsName string = insights.name

@description('The table endpoint (Storage:TableServiceUri).')
output tableServiceUri string = storage.properties.primaryEndpoints.table
