output "spa_url" {
  description = "The SPA's address (also the API's: /v1/... on the same origin)."
  value       = local.public_url
}

output "spa_bucket" {
  description = "Bucket to upload frontend/dist to."
  value       = module.s3_cloudfront.bucket_name
}

output "distribution_id" {
  description = "CloudFront distribution to invalidate after an upload."
  value       = module.s3_cloudfront.distribution_id
}

output "api_endpoint" {
  description = "The HTTP API's own endpoint (behind CloudFront for browsers)."
  value       = module.api_gateway.api_endpoint
}

output "table_name" {
  description = "The single table."
  value       = module.dynamodb.name
}

output "user_pool_id" {
  description = "Cognito user pool (create the owner in it)."
  value       = module.cognito.user_pool_id
}

output "spa_client_id" {
  description = "The SPA's app client."
  value       = module.cognito.client_id
}

output "hosted_ui_domain" {
  description = "Cognito Hosted UI domain."
  value       = module.cognito.hosted_ui_domain
}

output "function_names" {
  description = "Lambda function names by catalogue name."
  value       = module.lambda.function_names
}

output "ses_dns_records" {
  description = "DNS records mail_domain needs (created already when route53_zone_id is set)."
  value       = module.ses.dns_records
}

output "alarm_topic_arn" {
  description = "SNS topic of the alarms."
  value       = module.cloudwatch.alarm_topic_arn
}

output "dashboard_name" {
  description = "CloudWatch dashboard."
  value       = module.cloudwatch.dashboard_name
}

output "content_security_policy" {
  description = "The Content-Security-Policy CloudFront adds to every answer."
  value       = module.s3_cloudfront.content_security_policy
}

output "alarm_names" {
  description = "Every CloudWatch alarm (docs/operations.md says what to do for each)."
  value       = module.cloudwatch.alarm_names
}
