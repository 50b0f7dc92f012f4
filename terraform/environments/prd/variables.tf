variable "environment" {
  description = "dev, qas or prd."
  type        = string

  validation {
    condition     = contains(["dev", "qas", "prd"], var.environment)
    error_message = "environment is dev, qas or prd."
  }
}

variable "aws_region" {
  description = "Region of everything but CloudFront's us-east-1 parts."
  type        = string
}

variable "log_retention_days" {
  description = "Days every log group keeps its logs (7 in dev, 30 in prd)."
  type        = number
}

variable "deletion_protection" {
  description = "Protect the table and the user pool from deletion, and keep the SPA bucket from being emptied by destroy."
  type        = bool
}

variable "point_in_time_recovery_days" {
  description = "Days of DynamoDB point-in-time recovery (1-35)."
  type        = number
}

variable "table_name" {
  description = "The table's name when it is not turnaki-<environment>: a table restored from a point in time (docs/operations.md)."
  type        = string
  default     = null
}

variable "kms_deletion_window_days" {
  description = "Days a scheduled deletion of the environment's KMS keys waits."
  type        = number
}

variable "mail_domain" {
  description = "Domain Turnaki mails from (an SES identity with DKIM)."
  type        = string
}

variable "mail_from" {
  description = "TURNAKI_MAIL_FROM: the sender of every message, an address at mail_domain."
  type        = string
}

variable "cognito_mail_through_ses" {
  description = "Send Cognito's invitations and codes through the SES domain (set once the domain is verified; until then Cognito's own sender, 50 a day)."
  type        = bool
  default     = false
}

variable "route53_zone_id" {
  description = "Route 53 zone of mail_domain for the DKIM and MAIL FROM records (null: add them by hand)."
  type        = string
  default     = null
}

variable "cognito_domain_prefix" {
  description = "Hosted UI domain prefix (unique in the region)."
  type        = string
}

variable "spa_aliases" {
  description = "Custom domains of the SPA (empty: the distribution's *.cloudfront.net)."
  type        = list(string)
  default     = []
}

variable "acm_certificate_arn" {
  description = "ACM certificate (us-east-1) for spa_aliases."
  type        = string
  default     = null
}

variable "extra_cors_origins" {
  description = "Other browser origins allowed to call the API and to use the Hosted UI (e.g. a local SPA in dev)."
  type        = list(string)
  default     = []
}

variable "price_class" {
  description = "CloudFront price class."
  type        = string
}

variable "geo_allowlist" {
  description = "Countries allowed to reach the distribution (empty: all)."
  type        = list(string)
  default     = []
}

variable "waf_rate_limit" {
  description = "Requests per IP in 5 minutes before WAF answers 429."
  type        = number
  default     = 2000
}

variable "api_throttle_rate_limit" {
  description = "API Gateway steady requests per second."
  type        = number
}

variable "api_throttle_burst_limit" {
  description = "API Gateway burst."
  type        = number
}

variable "public_throttle_rate_limit" {
  description = "Steady requests per second of each public route."
  type        = number
}

variable "public_throttle_burst_limit" {
  description = "Burst of each public route."
  type        = number
}

variable "api_detailed_metrics" {
  description = "Per-route API metrics (about 6 custom metrics per route, 36 routes)."
  type        = bool
  default     = false
}

variable "reserved_concurrency" {
  description = "Reserved concurrency overrides by function name (defaults in modules/functions)."
  type        = map(number)
  default     = {}
}

variable "code_signing_policy" {
  description = "Warn or Enforce: what Lambda does with zips not signed by the environment's profile."
  type        = string
  default     = "Warn"
}

variable "log_filter" {
  description = "RUST_LOG of the functions."
  type        = string
  default     = "info"
}

variable "event_archive_days" {
  description = "Days booking events are archived for replay."
  type        = number
  default     = 7
}

variable "alarm_emails" {
  description = "Addresses that receive the alarms."
  type        = list(string)
  default     = []
}

variable "lambda_artifacts_dir" {
  description = "Directory with <function>/bootstrap.zip (null: the repository's target/lambda)."
  type        = string
  default     = null
}
