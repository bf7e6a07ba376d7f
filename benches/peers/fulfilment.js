// The fulfilment example (examples/fulfilment/stack.toml) in the AWS CDK with AWS Solutions
// Constructs, one stack per environment with the example's per-environment settings:
// - uploads land in an S3 bucket and a Lambda function processes them (what S3ToLambda builds,
//   through the same @aws-solutions-constructs/core calls: aws-s3-lambda 2.96.0, the newest in the
//   registry, fails with aws-cdk-lib 2.276.0, as it looks for the bucket-notification handler's
//   `DefaultPolicy`, which aws-cdk-lib now names `HandlerPolicy`);
// - the shipments API keeps its table with a stream (ApiGatewayToLambda + LambdaToDynamoDB), and a
//   stream processor keeps a read model from it (DynamoDBStreamsToLambda);
// - an event bus routes `OrderPlaced` to the fulfilment workflow (EventbridgeToStepfunctions) and to
//   an audit queue (EventbridgeToSqs), and `OrderCancelled` to a Lambda function
//   (EventbridgeToLambda);
// - the workflow (the same ASL definition, examples/fulfilment/workflows/fulfil.asl.json) invokes a
//   stock-reservation function, writes the shipment to the table and publishes to a topic that fans
//   out to two queues (SnsToSqs).
// Every construct keeps its defaults except where the Paved stack sets something. benches/peers/run.py
// times `cdk synth --app "node fulfilment.js"` against `paved compose` of the example and runs
// Checkov over both outputs.
'use strict';
const fs = require('fs');
const path = require('path');
const cdk = require('aws-cdk-lib');
const { Construct } = require('constructs');
const dynamodb = require('aws-cdk-lib/aws-dynamodb');
const lambda = require('aws-cdk-lib/aws-lambda');
const logs = require('aws-cdk-lib/aws-logs');
const s3 = require('aws-cdk-lib/aws-s3');
const sfn = require('aws-cdk-lib/aws-stepfunctions');
const { ApiGatewayToLambda } = require('@aws-solutions-constructs/aws-apigateway-lambda');
const { LambdaToDynamoDB } = require('@aws-solutions-constructs/aws-lambda-dynamodb');
const { DynamoDBStreamsToLambda } = require('@aws-solutions-constructs/aws-dynamodbstreams-lambda');
const { EventbridgeToLambda } = require('@aws-solutions-constructs/aws-eventbridge-lambda');
const { EventbridgeToSqs } = require('@aws-solutions-constructs/aws-eventbridge-sqs');
const { EventbridgeToStepfunctions } = require('@aws-solutions-constructs/aws-eventbridge-stepfunctions');
const { S3EventSource } = require('aws-cdk-lib/aws-lambda-event-sources');
const solutions = require('@aws-solutions-constructs/core');
const { SnsToSqs } = require('@aws-solutions-constructs/aws-sns-sqs');

// run.py copies the definition next to this file; in the repository it is the example's.
const definitionFile = ['fulfil.asl.json', '../../examples/fulfilment/workflows/fulfil.asl.json']
  .map((name) => path.join(__dirname, name))
  .find((name) => fs.existsSync(name));
const definition = fs.readFileSync(definitionFile, 'utf8');

const environments = {
  development: { deletionProtection: false, logRetention: logs.RetentionDays.ONE_MONTH, apiMemorySize: 256 },
  production: { deletionProtection: true, logRetention: logs.RetentionDays.ONE_YEAR, apiMemorySize: 1024 },
};
const tags = { Department: 'retail', Service: 'fulfilment', CostCenter: 'cc-1042' };

// The settings of Paved's baseline-lambda at its defaults (and the example's per-environment ones).
function functionProps(stack, id, name, description, settings, { timeout = 30, memorySize = 256 } = {}) {
  return {
    functionName: name,
    description,
    runtime: lambda.Runtime.PYTHON_3_12,
    architecture: lambda.Architecture.ARM_64,
    handler: 'app.handler',
    // Paved's module takes the path of a package built elsewhere; inline code keeps the CDK side
    // free of asset staging too.
    code: lambda.Code.fromInline('def handler(event, context):\n    return {}\n'),
    memorySize,
    timeout: cdk.Duration.seconds(timeout),
    tracing: lambda.Tracing.ACTIVE,
    loggingFormat: lambda.LoggingFormat.JSON,
    logGroup: new logs.LogGroup(stack, `${id}Logs`, { retention: settings.logRetention }),
    environment: { POWERTOOLS_SERVICE_NAME: name, POWERTOOLS_LOG_LEVEL: 'INFO' },
  };
}

function fulfilmentStack(app, environment, settings) {
  const stack = new cdk.Stack(app, `fulfilment-${environment}`, {
    env: { region: 'eu-west-1' },
    description: 'Fulfils orders: uploads, order events, a workflow, a read model and notifications.',
    tags: { ...tags, Environment: environment },
  });
  const props = (id, name, description, options) => functionProps(stack, id, name, description, settings, options);

  // Uploads: shipping manifests under incoming/, results written under processed/.
  const uploads = new Construct(stack, 'Uploads');
  const uploadsFunction = solutions.buildLambdaFunction(uploads, {
    lambdaFunctionProps: props('UploadsFunction', 'fulfilment-uploads', 'Processes uploaded shipping manifests.', { timeout: 60 }),
  });
  const { bucket } = solutions.buildS3Bucket(uploads, {
    bucketProps: { bucketName: `acme-fulfilment-uploads-${environment}` },
  });
  uploadsFunction.addEventSource(new S3EventSource(bucket, solutions.DefaultS3EventSourceProps({
    events: [s3.EventType.OBJECT_CREATED],
    filters: [{ prefix: 'incoming/', suffix: '.csv' }],
  })));

  // The shipments API and its table, with a stream for the read model.
  const api = new ApiGatewayToLambda(stack, 'Api', {
    lambdaFunctionProps: props('ApiFunction', 'fulfilment-api', 'Reads shipments.', { memorySize: settings.apiMemorySize }),
    apiGatewayProps: {
      proxy: false,
      restApiName: 'fulfilment-api',
      deployOptions: { throttlingRateLimit: 100, throttlingBurstLimit: 200 },
    },
    logGroupProps: { retention: settings.logRetention },
  });
  api.apiGateway.root.addResource('shipments').addResource('{id}').addMethod('GET');
  const shipments = new LambdaToDynamoDB(stack, 'Shipments', {
    existingLambdaObj: api.lambdaFunction,
    dynamoTableProps: {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      timeToLiveAttribute: 'expires_at',
      deletionProtection: settings.deletionProtection,
      stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
    },
    tablePermissions: 'ReadWrite',
  });
  new DynamoDBStreamsToLambda(stack, 'Projection', {
    existingTableInterface: shipments.dynamoTable,
    lambdaFunctionProps: props('ProjectionFunction', 'fulfilment-projection', 'Keeps the shipments read model.'),
  });

  // Notifications: one topic, fanned out to two queues.
  const email = new SnsToSqs(stack, 'EmailNotifications', {
    topicProps: { topicName: 'fulfilment-notifications' },
    queueProps: { queueName: 'fulfilment-email' },
  });
  new SnsToSqs(stack, 'SmsNotifications', {
    existingTopicObj: email.snsTopic,
    queueProps: { queueName: 'fulfilment-sms' },
  });

  // The workflow's stock reservation.
  const reserve = new lambda.Function(stack, 'Reserve', props('ReserveFunction', 'fulfilment-reserve', 'Reserves the stock of an order.'));

  // The event bus: OrderPlaced starts the workflow and is kept in the audit queue.
  const placed = { source: ['acme.orders'], detailType: ['OrderPlaced'] };
  const workflow = new EventbridgeToStepfunctions(stack, 'Workflow', {
    eventBusProps: { eventBusName: 'fulfilment' },
    eventRuleProps: { eventPattern: placed },
    stateMachineProps: {
      stateMachineName: 'fulfil-order',
      definitionBody: sfn.DefinitionBody.fromString(definition),
      definitionSubstitutions: {
        reserve: reserve.functionArn,
        shipments: shipments.dynamoTable.tableArn,
        notifications: email.snsTopic.topicArn,
      },
      tracingEnabled: true,
    },
    logGroupProps: { retention: settings.logRetention },
  });
  reserve.grantInvoke(workflow.stateMachine);
  shipments.dynamoTable.grant(workflow.stateMachine, 'dynamodb:PutItem');
  email.snsTopic.grantPublish(workflow.stateMachine);
  new EventbridgeToSqs(stack, 'Audit', {
    existingEventBusInterface: workflow.eventBus,
    eventRuleProps: { eventPattern: placed },
    queueProps: { queueName: 'fulfilment-order-audit' },
  });
  // OrderCancelled goes to its own function.
  new EventbridgeToLambda(stack, 'Cancellations', {
    existingEventBusInterface: workflow.eventBus,
    eventRuleProps: { eventPattern: { source: ['acme.orders'], detailType: ['OrderCancelled'] } },
    lambdaFunctionProps: props('CancellationsFunction', 'fulfilment-cancellations', 'Releases the stock of cancelled orders.'),
  });
  return stack;
}

const app = new cdk.App();
for (const [environment, settings] of Object.entries(environments)) {
  fulfilmentStack(app, environment, settings);
}
app.synth();
