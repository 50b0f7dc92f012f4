# Booking changes travel on the platform's own bus: the bookings function publishes each
# committed change (source turnaki.bookings, see shared-lib/src/notification/eventbridge.rs)
# and a rule hands it to send-notification. A schedule rule runs schedule-reminder every 15
# minutes. Both targets retry, then park undeliverable events in a dead-letter queue; the bus
# keeps an archive so that a day of events can be replayed after an incident.

data "aws_caller_identity" "current" {}

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
          ArnEquals = { "aws:SourceArn" = [aws_cloudwatch_event_rule.booking_changes.arn, aws_cloudwatch_event_rule.reminders.arn] }
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
