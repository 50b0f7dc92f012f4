# qas: production's shape at a smaller size, for acceptance tests.
# The platform module's values for this environment (terraform/platform/variables.tf
# describes each; leaving out an optional one takes its default).
settings = {
  environment                 = "qas"
  aws_region                  = "us-east-1"
  log_retention_days          = 14
  deletion_protection         = false
  point_in_time_recovery_days = 14
  kms_deletion_window_days    = 14

  mail_domain           = "qas.turnaki.example"
  mail_from             = "Turnaki qas <no-reply@qas.turnaki.example>"
  cognito_domain_prefix = "turnaki-qas"

  # true once SES has verified mail_domain (docs/deploy.md, first deployment).
  cognito_mail_through_ses = false

  price_class                 = "PriceClass_100"
  api_throttle_rate_limit     = 100
  api_throttle_burst_limit    = 200
  public_throttle_rate_limit  = 20
  public_throttle_burst_limit = 40

  reserved_concurrency = {
    availability = 20
    bookings     = 20
  }

  code_signing_policy = "Warn"
  log_filter          = "info"
  event_archive_days  = 7
  alarm_emails        = []
}
