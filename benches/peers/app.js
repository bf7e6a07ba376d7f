// The orders API of examples/orders/stack.toml (its `api` instance, as benches/peers/orders-api.toml)
// in the AWS CDK with AWS Solutions Constructs: an API Gateway REST API with IAM-authorised
// `POST /orders` and `GET /orders/{id}` in front of one Lambda function that owns a DynamoDB table
// (pay per request, point-in-time recovery, TTL, deletion protection), one stack per environment
// with the same per-environment settings as the Paved stack. benches/peers/run.py times
// `cdk synth --app "node app.js"` against `paved compose` of that stack.
'use strict';
const cdk = require('aws-cdk-lib');
const dynamodb = require('aws-cdk-lib/aws-dynamodb');
const lambda = require('aws-cdk-lib/aws-lambda');
const logs = require('aws-cdk-lib/aws-logs');
const { ApiGatewayToLambda } = require('@aws-solutions-constructs/aws-apigateway-lambda');
const { LambdaToDynamoDB } = require('@aws-solutions-constructs/aws-lambda-dynamodb');

const environments = {
  development: { deletionProtection: false, logRetention: logs.RetentionDays.ONE_MONTH, memorySize: 256 },
  production: { deletionProtection: true, logRetention: logs.RetentionDays.ONE_YEAR, memorySize: 1024 },
};
const tags = { Department: 'retail', Service: 'orders', CostCenter: 'cc-1042' };

const app = new cdk.App();
for (const [environment, settings] of Object.entries(environments)) {
  const stack = new cdk.Stack(app, `orders-api-${environment}`, {
    env: { region: 'eu-west-1' },
    description: 'Takes and reads orders.',
    tags: { ...tags, Environment: environment },
  });
  const handler = new lambda.Function(stack, 'Function', {
    functionName: 'orders-api',
    description: 'Takes and reads orders.',
    runtime: lambda.Runtime.PYTHON_3_12,
    architecture: lambda.Architecture.ARM_64,
    handler: 'app.handler',
    // Paved's module takes the path of a package built elsewhere; inline code keeps the CDK side
    // free of asset staging too.
    code: lambda.Code.fromInline('def handler(event, context):\n    return {"statusCode": 200}\n'),
    memorySize: settings.memorySize,
    timeout: cdk.Duration.seconds(30),
    reservedConcurrentExecutions: 10,
    tracing: lambda.Tracing.ACTIVE,
    loggingFormat: lambda.LoggingFormat.JSON,
    logGroup: new logs.LogGroup(stack, 'FunctionLogs', { retention: settings.logRetention }),
    environment: { POWERTOOLS_SERVICE_NAME: 'orders-api', POWERTOOLS_LOG_LEVEL: 'INFO' },
  });
  const api = new ApiGatewayToLambda(stack, 'Api', {
    existingLambdaObj: handler,
    apiGatewayProps: {
      proxy: false,
      restApiName: 'orders-api',
      deployOptions: { throttlingRateLimit: 100, throttlingBurstLimit: 200 },
    },
    logGroupProps: { retention: settings.logRetention },
  });
  const orders = api.apiGateway.root.addResource('orders');
  orders.addMethod('POST');
  orders.addResource('{id}').addMethod('GET');
  new LambdaToDynamoDB(stack, 'Table', {
    existingLambdaObj: handler,
    dynamoTableProps: {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      timeToLiveAttribute: 'expires_at',
      deletionProtection: settings.deletionProtection,
    },
    tablePermissions: 'ReadWrite',
  });
}
app.synth();
