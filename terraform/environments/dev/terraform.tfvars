# dev: short retention, nothing protected from deletion, small concurrency reservations.
# The platform module's values for this environment (terraform/platform/variables.tf
# describes each; leaving out an optional one takes its default).
settings = {
  environment                 = "dev"
  aws_region                  = "us-east-1"
  log_retention_days          = 7
  deletion_protection         = false
  point_in_time_recovery_days = 7
  kms_deletion_window_days    = 7

  mail_domain           = "dev.turnaki.example"
  mail_from             = "Turnaki dev <no-reply@dev.turnaki.example>"
  cognito_domain_prefix = "turnaki-dev"

  # `turnaki serve --addr 127.0.0.1:8080` or trunk serving the SPA against the dev API.
  extra_cors_origins = ["http://localhost:8080", "http://127.0.0.1:8080"]

  # true once SES has verified mail_domain (docs/deploy.md, first deployment).
  cognito_mail_through_ses = false

  price_class                 = "PriceClass_100"
  api_throttle_rate_limit     = 50
  api_throttle_burst_limit    = 100
  public_throttle_rate_limit  = 10
  public_throttle_burst_limit = 20

  reserved_concurrency = {
    health              = 2
    availability        = 5
    bookings            = 5
    tenants             = 2
    treatments          = 2
    professionals       = 2
    "send-notification" = 2
    "schedule-reminder" = 1
    waitlist            = 1
  }

  code_signing_policy = "Warn"
  log_filter          = "info"
  event_archive_days  = 1
  alarm_emails        = []
}
