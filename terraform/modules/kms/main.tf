# One customer managed key per environment and region: the table, Lambda environments, log
# groups, queues, the alarm topic and the SPA bucket are encrypted with it. The key policy
# lets the account's IAM policies grant use of the key (so each function role names it
# itself) and lets the AWS services that encrypt on Turnaki's behalf use it, each limited to
# this account.

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  account   = data.aws_caller_identity.current.account_id
  partition = data.aws_partition.current.partition
  region    = data.aws_region.current.region

  account_root = {
    Sid       = "AccountAdministersTheKeyThroughIam"
    Effect    = "Allow"
    Principal = { AWS = "arn:${local.partition}:iam::${local.account}:root" }
    Action    = "kms:*"
    Resource  = "*"
  }

  logs = {
    Sid       = "CloudWatchLogsEncryptsThisAccountsLogGroups"
    Effect    = "Allow"
    Principal = { Service = "logs.${local.region}.amazonaws.com" }
    Action    = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
    Resource  = "*"
    Condition = {
      ArnLike = {
        "kms:EncryptionContext:aws:logs:arn" = "arn:${local.partition}:logs:${local.region}:${local.account}:log-group:*"
      }
    }
  }

  cloudwatch_alarms = {
    Sid       = "CloudWatchAlarmsPublishToTheEncryptedTopic"
    Effect    = "Allow"
    Principal = { Service = "cloudwatch.amazonaws.com" }
    Action    = ["kms:Decrypt", "kms:GenerateDataKey*"]
    Resource  = "*"
  }

  eventbridge = {
    Sid       = "EventBridgeSendsUndeliveredEventsToTheEncryptedQueue"
    Effect    = "Allow"
    Principal = { Service = "events.amazonaws.com" }
    Action    = ["kms:Decrypt", "kms:GenerateDataKey*"]
    Resource  = "*"
    Condition = { ArnLike = { "aws:SourceArn" = "arn:${local.partition}:events:${local.region}:${local.account}:rule/*" } }
  }

  cloudfront = {
    Sid       = "CloudFrontReadsTheEncryptedSpaBucket"
    Effect    = "Allow"
    Principal = { Service = "cloudfront.amazonaws.com" }
    Action    = ["kms:Decrypt"]
    Resource  = "*"
    Condition = {
      ArnLike = { "aws:SourceArn" = "arn:${local.partition}:cloudfront::${local.account}:distribution/*" }
    }
  }

  statements = concat(
    [local.account_root, local.logs],
    var.allow_cloudwatch_alarms ? [local.cloudwatch_alarms] : [],
    var.allow_eventbridge ? [local.eventbridge] : [],
    var.allow_cloudfront ? [local.cloudfront] : [],
  )
}

resource "aws_kms_key" "this" {
  description             = var.description
  enable_key_rotation     = true
  deletion_window_in_days = var.deletion_window_in_days
  is_enabled              = true
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = local.statements
  })
  tags = var.tags
}

resource "aws_kms_alias" "this" {
  name          = "alias/${var.alias}"
  target_key_id = aws_kms_key.this.key_id
}

# The HMAC key that signs the links of patients' messages (DESIGN §11): GenerateMac and
# VerifyMac only, so it never leaves KMS and no environment variable or state file holds it.
# Only the account's IAM policies grant its use (each function role names the one call it
# makes: send-notification and schedule-reminder sign, bookings verifies).
resource "aws_kms_key" "links" {
  #checkov:skip=CKV_AWS_7:AWS KMS cannot rotate HMAC keys automatically; rotating means a new key and voids sent links
  count = var.link_key ? 1 : 0

  description              = "${var.description}: signs the links of patients' messages"
  key_usage                = "GENERATE_VERIFY_MAC"
  customer_master_key_spec = "HMAC_256"
  enable_key_rotation      = false
  deletion_window_in_days  = var.deletion_window_in_days
  is_enabled               = true
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [local.account_root]
  })
  tags = var.tags
}

resource "aws_kms_alias" "links" {
  count = var.link_key ? 1 : 0

  name          = "alias/${var.alias}-links"
  target_key_id = aws_kms_key.links[0].key_id
}
