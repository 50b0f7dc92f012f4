# Every function of the catalogue: arm64, provided.al2023, the bootstrap zip cargo-lambda
# builds (scripts/build-lambdas.sh → <artifacts_dir>/<function>/bootstrap.zip), its own log
# group, X-Ray tracing, a KMS-encrypted environment and, for the two EventBridge-invoked
# functions, a dead-letter queue for events that still fail after Lambda's retries.
#
# The environments hold exactly the variables the code reads: backend/src/lambda.rs
# (LambdaEnv::from_env) for the HTTP functions and backend/src/notifications.rs
# (NotificationEnv::from_env) for the others, plus RUST_LOG for their log filter.
# AWS_REGION is set by the Lambda runtime; COGNITO_JWKS_URL and TURNAKI_AWS_ENDPOINT are
# for tests only. scripts/check-infra.sh compares both lists with the code.

locals {
  http_environment = {
    TURNAKI_TABLE        = var.table_name
    COGNITO_USER_POOL_ID = var.user_pool_id
    COGNITO_CLIENT_ID    = var.client_id
    TURNAKI_CORS_ORIGINS = join(",", var.cors_origins)
    TURNAKI_LINK_KEY_ID  = var.link_key_arn
    RUST_LOG             = var.log_filter
  }

  event_environment = {
    TURNAKI_TABLE                 = var.table_name
    TURNAKI_MAIL_FROM             = var.mail_from
    TURNAKI_PUBLIC_URL            = var.public_url
    TURNAKI_SES_CONFIGURATION_SET = var.ses_configuration_set
    TURNAKI_LINK_KEY_ID           = var.link_key_arn
    TURNAKI_SMS_SENDER_ID         = var.sms_sender_id
    RUST_LOG                      = var.log_filter
  }

  environment = {
    for name, f in var.functions : name => f.kind == "http" ? local.http_environment : local.event_environment
  }

  event_functions = { for name, f in var.functions : name => f if f.kind == "event" }
  artifacts_dir   = coalesce(var.artifacts_dir, "${path.root}/../../../target/lambda")
}

resource "aws_cloudwatch_log_group" "function" {
  #checkov:skip=CKV_AWS_338:Retention is chosen per environment (7 days dev, 30 prd, DESIGN); logs carry no patient data
  for_each = var.functions

  name              = "/aws/lambda/${var.name_prefix}-${each.key}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn
  tags              = var.tags
}

resource "aws_sqs_queue" "dead_letter" {
  for_each = local.event_functions

  name                      = "${var.name_prefix}-${each.key}-dlq"
  message_retention_seconds = 1209600
  kms_master_key_id         = var.kms_key_arn
  tags                      = var.tags
}

resource "aws_signer_signing_profile" "lambda" {
  name_prefix = replace("${var.name_prefix}_", "-", "_")
  platform_id = "AWSLambda-SHA384-ECDSA"

  signature_validity_period {
    value = 5
    type  = "YEARS"
  }

  tags = var.tags
}

# Lambda checks every deployment against the signing profile: "Warn" logs unsigned code,
# "Enforce" refuses it (docs/deploy.md: signing the zips).
resource "aws_lambda_code_signing_config" "this" {
  description = "Code signed by ${aws_signer_signing_profile.lambda.name}"

  allowed_publishers {
    signing_profile_version_arns = [aws_signer_signing_profile.lambda.version_arn]
  }

  policies {
    untrusted_artifact_on_deployment = var.code_signing_policy
  }
}

resource "aws_lambda_function" "this" {
  #checkov:skip=CKV_AWS_117:No VPC resource to reach (DynamoDB, SES, EventBridge, Cognito are AWS endpoints); a VPC would add NAT cost and cold-start latency
  for_each = var.functions

  function_name                  = "${var.name_prefix}-${each.key}"
  description                    = each.value.description
  role                           = var.role_arns[each.key]
  runtime                        = "provided.al2023"
  handler                        = "bootstrap"
  architectures                  = ["arm64"]
  filename                       = "${local.artifacts_dir}/${each.key}/bootstrap.zip"
  source_code_hash               = filebase64sha256("${local.artifacts_dir}/${each.key}/bootstrap.zip")
  memory_size                    = each.value.memory_mb
  timeout                        = each.value.timeout_seconds
  reserved_concurrent_executions = each.value.reserved_concurrency
  kms_key_arn                    = var.kms_key_arn
  code_signing_config_arn        = aws_lambda_code_signing_config.this.arn

  environment {
    variables = local.environment[each.key]
  }

  tracing_config {
    mode = "Active"
  }

  logging_config {
    log_format            = "JSON"
    log_group             = aws_cloudwatch_log_group.function[each.key].name
    application_log_level = "INFO"
    system_log_level      = "WARN"
  }

  dynamic "dead_letter_config" {
    for_each = each.value.kind == "event" ? [aws_sqs_queue.dead_letter[each.key].arn] : []

    content {
      target_arn = dead_letter_config.value
    }
  }

  tags = var.tags
}

# Asynchronous invocations (EventBridge): two retries, then the dead-letter queue.
resource "aws_lambda_function_event_invoke_config" "event" {
  for_each = local.event_functions

  function_name                = aws_lambda_function.this[each.key].function_name
  maximum_retry_attempts       = 2
  maximum_event_age_in_seconds = 21600
}
