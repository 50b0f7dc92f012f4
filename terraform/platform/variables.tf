# What differs between the environments. Each one's terraform.tfvars sets `settings`; an
# attribute with optional(...) may be left out (its default follows it). scripts/check-infra.sh
# checks that every tfvars sets each required attribute and no attribute this type lacks
# (Terraform itself would drop an unknown one without a word).
variable "settings" {
  description = "The environment's values (its terraform.tfvars); terraform/platform/variables.tf describes each attribute."
  type = object({
    # dev, qas or prd.
    environment = string
    # Region of everything but CloudFront's us-east-1 parts.
    aws_region = string
    # Days every log group keeps its logs (7 in dev, 30 in prd).
    log_retention_days = number
    # Protect the table and the user pool from deletion, and keep the SPA bucket from being emptied by destroy.
    deletion_protection = bool
    # Days of DynamoDB point-in-time recovery (1-35).
    point_in_time_recovery_days = number
    # The table's name when it is not turnaki-<environment>: a table restored from a point in time (docs/operations.md).
    table_name = optional(string)
    # Days a scheduled deletion of the environment's KMS keys waits.
    kms_deletion_window_days = number
    # Domain Turnaki mails from (an SES identity with DKIM).
    mail_domain = string
    # TURNAKI_MAIL_FROM: the sender of every message, an address at mail_domain.
    mail_from = string
    # Send Cognito's invitations and codes through the SES domain (set once the domain is verified; until then Cognito's own sender, 50 a day).
    cognito_mail_through_ses = optional(bool, false)
    # Route 53 zone of mail_domain for the DKIM and MAIL FROM records (null: add them by hand).
    route53_zone_id = optional(string)
    # Hosted UI domain prefix (unique in the region).
    cognito_domain_prefix = string
    # Custom domains of the SPA (empty: the distribution's *.cloudfront.net).
    spa_aliases = optional(list(string), [])
    # ACM certificate (us-east-1) for spa_aliases.
    acm_certificate_arn = optional(string)
    # Other browser origins allowed to call the API and to use the Hosted UI (e.g. a local SPA in dev).
    extra_cors_origins = optional(list(string), [])
    # CloudFront price class.
    price_class = string
    # Countries allowed to reach the distribution (empty: all).
    geo_allowlist = optional(list(string), [])
    # Requests per IP in 5 minutes before WAF answers 429.
    waf_rate_limit = optional(number, 2000)
    # API Gateway steady requests per second.
    api_throttle_rate_limit = number
    # API Gateway burst.
    api_throttle_burst_limit = number
    # Steady requests per second of each public route.
    public_throttle_rate_limit = number
    # Burst of each public route.
    public_throttle_burst_limit = number
    # Per-route API metrics (about 6 custom metrics per route, 36 routes).
    api_detailed_metrics = optional(bool, false)
    # Reserved concurrency overrides by function name (defaults in modules/functions).
    reserved_concurrency = optional(map(number), {})
    # Warn or Enforce: what Lambda does with zips not signed by the environment's profile.
    code_signing_policy = optional(string, "Warn")
    # RUST_LOG of the functions.
    log_filter = optional(string, "info")
    # Days booking events are archived for replay.
    event_archive_days = optional(number, 7)
    # Addresses that receive the alarms.
    alarm_emails = optional(list(string), [])
  })

  validation {
    condition     = contains(["dev", "qas", "prd"], var.settings.environment)
    error_message = "environment is dev, qas or prd."
  }
}

# Not a setting of the environment but of one apply: `-var lambda_artifacts_dir=...` picks a
# build (docs/deploy.md: a release's zips, a rollback).
variable "lambda_artifacts_dir" {
  description = "Directory with <function>/bootstrap.zip (null: the repository's target/lambda)."
  type        = string
  default     = null
}
