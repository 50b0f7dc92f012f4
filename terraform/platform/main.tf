# Turnaki on AWS (the AWS column of DESIGN §1): every module wired into one platform. Each
# environment (environments/dev, qas, prd) calls this module once with its own state
# (backend.tf), its providers and its values (terraform.tfvars: var.settings); nothing else
# differs between them (scripts/check-infra.sh checks it). This module declares no provider:
# the environment passes aws and aws.us_east_1 (versions.tf).

locals {
  name = "turnaki-${var.settings.environment}"

  # The SPA's address: the first custom domain, else the distribution's own.
  public_host = length(var.settings.spa_aliases) > 0 ? var.settings.spa_aliases[0] : module.s3_cloudfront.domain_name
  public_url  = "https://${local.public_host}"

  # The SPA calls the API on its own origin (through CloudFront), which needs no CORS; these
  # are the other origins allowed to call it (custom domains, a developer's local SPA).
  api_cors_origins = concat([for alias in var.settings.spa_aliases : "https://${alias}"], var.settings.extra_cors_origins)
}

module "functions" {
  source = "../modules/functions"

  reserved_concurrency = var.settings.reserved_concurrency
}

module "kms" {
  source = "../modules/kms"

  alias                   = local.name
  description             = "Turnaki ${var.settings.environment}: table, functions, logs, queues, alarms, SPA bucket"
  deletion_window_in_days = var.settings.kms_deletion_window_days
  allow_cloudwatch_alarms = true
  allow_eventbridge       = true
  allow_cloudfront        = true
  link_key                = true
}

# CloudFront's and WAF's logs live in us-east-1, and KMS keys are regional.
module "kms_edge" {
  source = "../modules/kms"
  providers = {
    aws = aws.us_east_1
  }

  alias                   = "${local.name}-edge"
  description             = "Turnaki ${var.settings.environment}: CloudFront and WAF logs"
  deletion_window_in_days = var.settings.kms_deletion_window_days
}

module "dynamodb" {
  source = "../modules/dynamodb"

  name                        = coalesce(var.settings.table_name, local.name)
  kms_key_arn                 = module.kms.key_arn
  deletion_protection         = var.settings.deletion_protection
  point_in_time_recovery_days = var.settings.point_in_time_recovery_days
}

module "ses" {
  source = "../modules/ses"

  name            = local.name
  domain          = var.settings.mail_domain
  region          = var.settings.aws_region
  route53_zone_id = var.settings.route53_zone_id
}

module "cognito" {
  source = "../modules/cognito"

  name                = local.name
  domain_prefix       = var.settings.cognito_domain_prefix
  callback_urls       = concat(["${local.public_url}/"], [for origin in var.settings.extra_cors_origins : "${origin}/"])
  logout_urls         = concat(["${local.public_url}/"], [for origin in var.settings.extra_cors_origins : "${origin}/"])
  deletion_protection = var.settings.deletion_protection
  ses_identity_arn    = var.settings.cognito_mail_through_ses ? module.ses.identity_arn : null
  mail_from           = var.settings.mail_from
}

module "eventbridge" {
  source = "../modules/eventbridge"

  name                   = local.name
  send_notification_arn  = module.lambda.function_arns["send-notification"]
  send_notification_name = module.lambda.function_names["send-notification"]
  schedule_reminder_arn  = module.lambda.function_arns["schedule-reminder"]
  schedule_reminder_name = module.lambda.function_names["schedule-reminder"]
  waitlist_arn           = module.lambda.function_arns["waitlist"]
  waitlist_name          = module.lambda.function_names["waitlist"]
  table_stream_arn       = module.dynamodb.stream_arn
  archive_retention_days = var.settings.event_archive_days
  log_retention_days     = var.settings.log_retention_days
  kms_key_arn            = module.kms.key_arn
}

module "iam" {
  source = "../modules/iam"

  name_prefix               = local.name
  functions                 = module.functions.functions
  table_arn                 = module.dynamodb.arn
  kms_key_arn               = module.kms.key_arn
  link_key_arn              = module.kms.link_key_arn
  user_pool_arn             = module.cognito.user_pool_arn
  ses_identity_arn          = module.ses.identity_arn
  ses_configuration_set_arn = module.ses.configuration_set_arn
}

module "lambda" {
  source = "../modules/lambda"

  name_prefix           = local.name
  functions             = module.functions.functions
  role_arns             = module.iam.role_arns
  artifacts_dir         = var.lambda_artifacts_dir
  kms_key_arn           = module.kms.key_arn
  link_key_arn          = module.kms.link_key_arn
  log_retention_days    = var.settings.log_retention_days
  log_filter            = var.settings.log_filter
  code_signing_policy   = var.settings.code_signing_policy
  table_name            = module.dynamodb.name
  user_pool_id          = module.cognito.user_pool_id
  client_id             = module.cognito.client_id
  cors_origins          = concat([local.public_url], var.settings.extra_cors_origins)
  mail_from             = var.settings.mail_from
  public_url            = local.public_url
  ses_configuration_set = module.ses.configuration_set_name
}

module "api_gateway" {
  source = "../modules/api-gateway"

  name                        = local.name
  routes                      = module.functions.routes
  function_names              = module.lambda.function_names
  invoke_arns                 = module.lambda.invoke_arns
  jwt_issuer                  = module.cognito.issuer
  jwt_audience                = [module.cognito.client_id]
  cors_origins                = local.api_cors_origins
  throttle_rate_limit         = var.settings.api_throttle_rate_limit
  throttle_burst_limit        = var.settings.api_throttle_burst_limit
  public_throttle_rate_limit  = var.settings.public_throttle_rate_limit
  public_throttle_burst_limit = var.settings.public_throttle_burst_limit
  detailed_metrics            = var.settings.api_detailed_metrics
  kms_key_arn                 = module.kms.key_arn
  log_retention_days          = var.settings.log_retention_days
}

module "waf" {
  source = "../modules/waf"
  providers = {
    aws = aws.us_east_1
  }

  name                = local.name
  rate_limit          = var.settings.waf_rate_limit
  rate_window_seconds = 300
  kms_key_arn         = module.kms_edge.key_arn
  log_retention_days  = var.settings.log_retention_days
}

# path.root is the environment's directory (terraform/environments/<env>), as for the zips
# modules/lambda reads.
module "s3_cloudfront" {
  source = "../modules/s3-cloudfront"
  providers = {
    aws           = aws
    aws.us_east_1 = aws.us_east_1
  }

  name                = local.name
  api_domain          = module.api_gateway.api_domain
  cognito_domain      = module.cognito.hosted_ui_domain
  cognito_client_id   = module.cognito.client_id
  openapi_document    = "${path.root}/../../../docs/openapi.json"
  web_acl_arn         = module.waf.web_acl_arn
  aliases             = var.settings.spa_aliases
  acm_certificate_arn = var.settings.acm_certificate_arn
  price_class         = var.settings.price_class
  geo_allowlist       = var.settings.geo_allowlist
  kms_key_arn         = module.kms.key_arn
  edge_kms_key_arn    = module.kms_edge.key_arn
  log_retention_days  = var.settings.log_retention_days
  force_destroy       = !var.settings.deletion_protection
}

module "cloudwatch" {
  source = "../modules/cloudwatch"

  name                    = local.name
  function_names          = module.lambda.function_names
  table_name              = module.dynamodb.name
  api_id                  = module.api_gateway.api_id
  web_acl_name            = module.waf.web_acl_name
  dead_letter_queue_names = merge(module.lambda.dead_letter_queue_names, { "eventbridge" = module.eventbridge.undelivered_queue_name, "pipe" = module.eventbridge.pipe_undelivered_queue_name })
  alarm_emails            = var.settings.alarm_emails
  kms_key_arn             = module.kms.key_arn
}
