# Booking changes reach the platform's own bus from the table, never from a publish after the
# commit: every change's transaction writes a pending-event item (PK EVENT#<shard>, see
# shared-lib/src/keys.rs and notification/relay.rs), the table's stream carries the new
# item, and a pipe passes exactly those inserts to the bus, the stream record unchanged as
# the event's detail (source turnaki.bookings, detail-type booking.changed; backend/src/
# notifications.rs reads it as StreamRecord). A rule hands each to send-notification. A
# schedule rule runs schedule-reminder every 15 minutes. A second rule hands the same events
# to the waitlist function, which offers the time a change frees; a one-minute schedule has
# it pass lapsed and declined offers on. The rule targets retry, then park
# undeliverable events in a dead-letter queue; the pipe retries, then parks the batch it
# could not put on the bus in its own queue (the items stay in the table until their TTL,
# so they can be delivered again: docs/operations.md#dead-letters). The bus keeps an archive
# so that a day of events can be replayed after an incident.

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  account   = data.aws_caller_identity.current.account_id
  partition = data.aws_partition.current.partition
  region    = data.aws_region.current.region

  # How every pending-event partition key starts: PENDING_EVENT_PREFIX of
  # shared-lib/src/keys.rs (scripts/check-infra.sh compares them).
  pending_event_prefix = "EVENT#"

  pipe_name = "${var.name}-booking-events"
}

resource "aws_cloudwatch_event_bus" "this" {
  name = var.name
  tags = var.tags
}

resource "aws_cloudwatch_event_archive" "bookings" {
  name             = "${var.name}-bookings"
  event_source_arn = aws_cloudwatch_event_bus.this.arn
  retention_days   = var.archive_retention_days
  event_pattern    = jsonencode({ source = [var.event_source] })
}

resource "aws_sqs_queue" "undelivered" {
  name                      = "${var.name}-undelivered-events"
  message_retention_seconds = 1209600
  kms_master_key_id         = var.kms_key_arn
  tags                      = var.tags
}

resource "aws_sqs_queue_policy" "undelivered" {
  queue_url = aws_sqs_queue.undelivered.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "EventBridgeParksUndeliveredEvents"
        Effect    = "Allow"
        Principal = { Service = "events.amazonaws.com" }
        Action    = "sqs:SendMessage"
        Resource  = aws_sqs_queue.undelivered.arn
        Condition = {
          ArnEquals = { "aws:SourceArn" = [
            aws_cloudwatch_event_rule.booking_changes.arn,
            aws_cloudwatch_event_rule.reminders.arn,
            aws_cloudwatch_event_rule.waitlist_changes.arn,
            aws_cloudwatch_event_rule.waitlist_sweep.arn,
          ] }
        }
      },
    ]
  })
}

resource "aws_cloudwatch_event_rule" "booking_changes" {
  name           = "${var.name}-booking-changes"
  description    = "Every committed booking change, to the notification function"
  event_bus_name = aws_cloudwatch_event_bus.this.name
  event_pattern  = jsonencode({ source = [var.event_source] })
  tags           = var.tags
}

resource "aws_cloudwatch_event_target" "send_notification" {
  rule           = aws_cloudwatch_event_rule.booking_changes.name
  event_bus_name = aws_cloudwatch_event_bus.this.name
  target_id      = "send-notification"
  arn            = var.send_notification_arn

  retry_policy {
    maximum_retry_attempts       = 10
    maximum_event_age_in_seconds = 3600
  }

  dead_letter_config {
    arn = aws_sqs_queue.undelivered.arn
  }
}

# A rule on the default bus (schedules run only there); the function receives EventBridge's
# "Scheduled Event" envelope, which its handler expects.
resource "aws_cloudwatch_event_rule" "reminders" {
  name                = "${var.name}-reminders"
  description         = "Sends the reminders that are due"
  schedule_expression = var.reminder_schedule
  tags                = var.tags
}

resource "aws_cloudwatch_event_target" "schedule_reminder" {
  rule      = aws_cloudwatch_event_rule.reminders.name
  target_id = "schedule-reminder"
  arn       = var.schedule_reminder_arn

  retry_policy {
    maximum_retry_attempts       = 2
    maximum_event_age_in_seconds = 600
  }

  dead_letter_config {
    arn = aws_sqs_queue.undelivered.arn
  }
}

resource "aws_cloudwatch_event_rule" "waitlist_changes" {
  name           = "${var.name}-waitlist-changes"
  description    = "Every committed booking change, to the waitlist function"
  event_bus_name = aws_cloudwatch_event_bus.this.name
  event_pattern  = jsonencode({ source = [var.event_source] })
  tags           = var.tags
}

resource "aws_cloudwatch_event_target" "waitlist_changes" {
  rule           = aws_cloudwatch_event_rule.waitlist_changes.name
  event_bus_name = aws_cloudwatch_event_bus.this.name
  target_id      = "waitlist"
  arn            = var.waitlist_arn

  retry_policy {
    maximum_retry_attempts       = 10
    maximum_event_age_in_seconds = 3600
  }

  dead_letter_config {
    arn = aws_sqs_queue.undelivered.arn
  }
}

resource "aws_cloudwatch_event_rule" "waitlist_sweep" {
  name                = "${var.name}-waitlist-sweep"
  description         = "Passes lapsed and declined waitlist offers on"
  schedule_expression = var.waitlist_schedule
  tags                = var.tags
}

resource "aws_cloudwatch_event_target" "waitlist_sweep" {
  rule      = aws_cloudwatch_event_rule.waitlist_sweep.name
  target_id = "waitlist-sweep"
  arn       = var.waitlist_arn

  # A missed tick is made up by the next one a minute later.
  retry_policy {
    maximum_retry_attempts       = 0
    maximum_event_age_in_seconds = 60
  }

  dead_letter_config {
    arn = aws_sqs_queue.undelivered.arn
  }
}

resource "aws_lambda_permission" "waitlist_changes" {
  statement_id   = "AllowWaitlistChangesRule"
  action         = "lambda:InvokeFunction"
  function_name  = var.waitlist_name
  principal      = "events.amazonaws.com"
  source_arn     = aws_cloudwatch_event_rule.waitlist_changes.arn
  source_account = data.aws_caller_identity.current.account_id
}

resource "aws_lambda_permission" "waitlist_sweep" {
  statement_id   = "AllowWaitlistSweep"
  action         = "lambda:InvokeFunction"
  function_name  = var.waitlist_name
  principal      = "events.amazonaws.com"
  source_arn     = aws_cloudwatch_event_rule.waitlist_sweep.arn
  source_account = data.aws_caller_identity.current.account_id
}

resource "aws_lambda_permission" "send_notification" {
  statement_id   = "AllowBookingChangesRule"
  action         = "lambda:InvokeFunction"
  function_name  = var.send_notification_name
  principal      = "events.amazonaws.com"
  source_arn     = aws_cloudwatch_event_rule.booking_changes.arn
  source_account = data.aws_caller_identity.current.account_id
}

resource "aws_lambda_permission" "schedule_reminder" {
  statement_id   = "AllowReminderSchedule"
  action         = "lambda:InvokeFunction"
  function_name  = var.schedule_reminder_name
  principal      = "events.amazonaws.com"
  source_arn     = aws_cloudwatch_event_rule.reminders.arn
  source_account = data.aws_caller_identity.current.account_id
}

# --- The pipe: the table's stream to the bus ------------------------------------------------

# Batches the pipe could not put on the bus, after its retries. For a stream source a
# message holds the batch's shard and sequence numbers, not the records themselves.
resource "aws_sqs_queue" "pipe_undelivered" {
  name                      = "${var.name}-pipe-undelivered"
  message_retention_seconds = 1209600
  kms_master_key_id         = var.kms_key_arn
  tags                      = var.tags
}

resource "aws_cloudwatch_log_group" "pipe" {
  #checkov:skip=CKV_AWS_338:Retention is chosen per environment (7 days dev, 30 prd, DESIGN); the pipe logs errors only, without the records
  name              = "/aws/vendedlogs/pipes/${local.pipe_name}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn
  tags              = var.tags
}

resource "aws_iam_role" "pipe" {
  name        = local.pipe_name
  description = "Role of the ${local.pipe_name} pipe: reads the table's stream, puts on the bus"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { Service = "pipes.amazonaws.com" }
        Action    = "sts:AssumeRole"
        Condition = {
          StringEquals = {
            "aws:SourceAccount" = local.account
            "aws:SourceArn"     = "arn:${local.partition}:pipes:${local.region}:${local.account}:pipe/${local.pipe_name}"
          }
        }
      },
    ]
  })
  tags = var.tags
}

resource "aws_iam_role_policy" "pipe" {
  name = local.pipe_name
  role = aws_iam_role.pipe.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "ReadTheTableStream"
        Effect   = "Allow"
        Action   = ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"]
        Resource = [var.table_stream_arn]
      },
      {
        Sid      = "PutBookingEventsOnTheBus"
        Effect   = "Allow"
        Action   = ["events:PutEvents"]
        Resource = [aws_cloudwatch_event_bus.this.arn]
      },
      {
        Sid      = "ParkUndeliveredBatches"
        Effect   = "Allow"
        Action   = ["sqs:SendMessage"]
        Resource = [aws_sqs_queue.pipe_undelivered.arn]
      },
      {
        # The table (so its stream) and the dead-letter queue are encrypted with this key.
        Sid      = "UseTheEnvironmentKey"
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource = [var.kms_key_arn]
      },
      {
        Sid      = "OwnLogGroup"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = ["${aws_cloudwatch_log_group.pipe.arn}:*"]
      },
    ]
  })
}

resource "aws_pipes_pipe" "booking_events" {
  name          = local.pipe_name
  description   = "New pending-event items of the table's stream, to the bus"
  role_arn      = aws_iam_role.pipe.arn
  source        = var.table_stream_arn
  target        = aws_cloudwatch_event_bus.this.arn
  desired_state = "RUNNING"

  source_parameters {
    dynamodb_stream_parameters {
      starting_position = "TRIM_HORIZON"
      batch_size        = 10
      # A failing batch is split to find the record at fault; after the retries, or once a
      # record is as old as the stream keeps them (24 h), its batch goes to the queue.
      on_partial_batch_item_failure = "AUTOMATIC_BISECT"
      maximum_retry_attempts        = var.pipe_retry_attempts
      maximum_record_age_in_seconds = 86400

      dead_letter_config {
        arn = aws_sqs_queue.pipe_undelivered.arn
      }
    }

    # Only new pending events: not the table's other items, nor the TTL's removals.
    filter_criteria {
      filter {
        pattern = jsonencode({
          eventName = ["INSERT"]
          dynamodb  = { Keys = { PK = { S = [{ prefix = local.pending_event_prefix }] } } }
        })
      }
    }
  }

  # No input_template: the stream record is the event's detail, as the function expects.
  target_parameters {
    eventbridge_event_bus_parameters {
      source      = var.event_source
      detail_type = var.detail_type
    }
  }

  log_configuration {
    level = "ERROR"

    cloudwatch_logs_log_destination {
      log_group_arn = aws_cloudwatch_log_group.pipe.arn
    }
  }

  tags = var.tags

  depends_on = [aws_iam_role_policy.pipe]
}
