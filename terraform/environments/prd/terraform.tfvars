# prd: 30 days of logs, deletion protection, the longest point-in-time recovery window.
# The platform module's values for this environment (terraform/platform/variables.tf
# describes each; leaving out an optional one takes its default).
settings = {
  environment                 = "prd"
  aws_region                  = "us-east-1"
  log_retention_days          = 30
  deletion_protection         = true
  point_in_time_recovery_days = 35
  kms_deletion_window_days    = 30

  mail_domain           = "turnaki.example"
  mail_from             = "Turnaki <no-reply@turnaki.example>"
  cognito_domain_prefix = "turnaki"

  # A custom domain: set both (the certificate must be in us-east-1), e.g.
  # spa_aliases         = ["app.turnaki.example"]
  # acm_certificate_arn = "arn:aws:acm:us-east-1:<account>:certificate/<id>"

  # true once SES has verified mail_domain (docs/deploy.md, first deployment).
  cognito_mail_through_ses = false

  # Clinics and patients in the Americas and Europe.
  price_class                 = "PriceClass_All"
  api_throttle_rate_limit     = 500
  api_throttle_burst_limit    = 1000
  public_throttle_rate_limit  = 100
  public_throttle_burst_limit = 200

  # modules/functions' defaults (bookings and availability 50 each, 146 in all).
  reserved_concurrency = {}

  # Switch to "Enforce" once the release pipeline signs the zips (docs/deploy.md).
  code_signing_policy = "Warn"
  log_filter          = "info"
  event_archive_days  = 14
  alarm_emails        = ["oncall@turnaki.example"]
}
