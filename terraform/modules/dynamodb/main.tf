# The single table of DESIGN §3, exactly as the DynamoDB adapter's `migrate` creates it
# (shared-lib/src/store/dynamodb.rs): string keys PK/SK, GSI1 and GSI2 projecting every
# attribute, on-demand billing, TTL on expires_at. scripts/check-infra.sh compares these
# names with the adapter's key module (shared-lib/src/store/item.rs).
#
# The table streams every new item image: each booking change's transaction writes a
# pending-event item (EVENT#<shard>, shared-lib/src/keys.rs), and the pipe of
# modules/eventbridge carries the new ones from the stream to the bus.

resource "aws_dynamodb_table" "this" {
  name                        = var.name
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "PK"
  range_key                   = "SK"
  deletion_protection_enabled = var.deletion_protection
  stream_enabled              = true
  stream_view_type            = "NEW_IMAGE"

  attribute {
    name = "PK"
    type = "S"
  }

  attribute {
    name = "SK"
    type = "S"
  }

  attribute {
    name = "GSI1PK"
    type = "S"
  }

  attribute {
    name = "GSI1SK"
    type = "S"
  }

  attribute {
    name = "GSI2PK"
    type = "S"
  }

  attribute {
    name = "GSI2SK"
    type = "S"
  }

  # Bookings by patient, patients by email, the platform's clinic directory.
  global_secondary_index {
    name            = "GSI1"
    hash_key        = "GSI1PK"
    range_key       = "GSI1SK"
    projection_type = "ALL"
  }

  # Bookings by professional (the calendar, usage).
  global_secondary_index {
    name            = "GSI2"
    hash_key        = "GSI2PK"
    range_key       = "GSI2SK"
    projection_type = "ALL"
  }

  # Holds and idempotency records lapse; the engine decides expiry by condition, never by
  # the (lazy) TTL sweep.
  ttl {
    attribute_name = "expires_at"
    enabled        = true
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = var.kms_key_arn
  }

  # Continuous backups: restore to any second in the window (RPO well under 15 minutes).
  point_in_time_recovery {
    enabled                 = true
    recovery_period_in_days = var.point_in_time_recovery_days
  }

  tags = var.tags
}
