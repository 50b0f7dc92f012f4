# What the team watches (docs/operations.md says what to do for each alarm): a dashboard of
# the API, the functions, the table and the WAF, and alarms to an SNS topic: health and
# waitlist errors, bookings latency, DynamoDB throttling, and events left in a dead-letter queue.

data "aws_region" "current" {}

locals {
  region = data.aws_region.current.region

  lambda_metric = { for name, fn in var.function_names : name => ["AWS/Lambda", "Invocations", "FunctionName", fn] }
}

resource "aws_sns_topic" "alarms" {
  name              = "${var.name}-alarms"
  kms_master_key_id = var.kms_key_arn
  tags              = var.tags
}

resource "aws_sns_topic_subscription" "email" {
  for_each = toset(var.alarm_emails)

  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = each.value
}

# Functions whose failures page someone: how many failures in 5 minutes set the alarm off.
# health failing more than once means the store or the function is down; the waitlist
# failing at all means waiting patients may not hear of freed time.
locals {
  error_alarms = {
    health = {
      threshold   = 1
      description = "The health function failed more than once in 5 minutes (docs/operations.md#health-errors)"
    }
    waitlist = {
      threshold   = 0
      description = "The waitlist function failed in 5 minutes: freed time may not be offered (docs/operations.md#waitlist-errors)"
    }
  }
}

resource "aws_cloudwatch_metric_alarm" "function_errors" {
  for_each = local.error_alarms

  alarm_name          = "${var.name}-${each.key}-errors"
  alarm_description   = each.value.description
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  dimensions          = { FunctionName = var.function_names[each.key] }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = each.value.threshold
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  actions_enabled     = true
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
  tags                = var.tags
}

moved {
  from = aws_cloudwatch_metric_alarm.health_errors
  to   = aws_cloudwatch_metric_alarm.function_errors["health"]
}

resource "aws_cloudwatch_metric_alarm" "bookings_latency" {
  alarm_name          = "${var.name}-bookings-p99"
  alarm_description   = "The bookings function's p99 duration is above 3 s over 5 minutes (docs/operations.md#bookings-latency)"
  namespace           = "AWS/Lambda"
  metric_name         = "Duration"
  dimensions          = { FunctionName = var.function_names["bookings"] }
  extended_statistic  = "p99"
  period              = 300
  evaluation_periods  = 1
  threshold           = 3000
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  actions_enabled     = true
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
  tags                = var.tags
}

# Read and write throttle events of the table and of both indexes, summed over 5 minutes.
resource "aws_cloudwatch_metric_alarm" "dynamodb_throttles" {
  alarm_name          = "${var.name}-dynamodb-throttles"
  alarm_description   = "More than 10 DynamoDB requests throttled in 5 minutes (docs/operations.md#dynamodb-throttles)"
  evaluation_periods  = 1
  threshold           = 10
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  actions_enabled     = true
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
  tags                = var.tags

  metric_query {
    id          = "throttles"
    label       = "Throttled requests"
    expression  = "FILL(tr,0)+FILL(tw,0)+FILL(g1,0)+FILL(g2,0)"
    return_data = true
  }

  metric_query {
    id = "tr"

    metric {
      namespace   = "AWS/DynamoDB"
      metric_name = "ReadThrottleEvents"
      dimensions  = { TableName = var.table_name }
      stat        = "Sum"
      period      = 300
    }
  }

  metric_query {
    id = "tw"

    metric {
      namespace   = "AWS/DynamoDB"
      metric_name = "WriteThrottleEvents"
      dimensions  = { TableName = var.table_name }
      stat        = "Sum"
      period      = 300
    }
  }

  metric_query {
    id = "g1"

    metric {
      namespace   = "AWS/DynamoDB"
      metric_name = "WriteThrottleEvents"
      dimensions  = { TableName = var.table_name, GlobalSecondaryIndexName = "GSI1" }
      stat        = "Sum"
      period      = 300
    }
  }

  metric_query {
    id = "g2"

    metric {
      namespace   = "AWS/DynamoDB"
      metric_name = "WriteThrottleEvents"
      dimensions  = { TableName = var.table_name, GlobalSecondaryIndexName = "GSI2" }
      stat        = "Sum"
      period      = 300
    }
  }
}

# A message in a dead-letter queue is a notification or reminder run that failed for good,
# or an event EventBridge could not deliver (a rule to its function, or the pipe from the
# table's stream to the bus).
resource "aws_cloudwatch_metric_alarm" "dead_letters" {
  for_each = var.dead_letter_queue_names

  alarm_name          = "${var.name}-${each.key}-dead-letters"
  alarm_description   = "Undelivered or failed ${each.key} events are waiting in ${each.value} (docs/operations.md#dead-letters)"
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = each.value }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  actions_enabled     = true
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
  tags                = var.tags
}

resource "aws_cloudwatch_dashboard" "this" {
  dashboard_name = var.name
  dashboard_body = jsonencode({
    widgets = [
      {
        type   = "metric"
        x      = 0
        y      = 0
        width  = 12
        height = 6
        properties = {
          title   = "API requests and errors"
          region  = local.region
          stat    = "Sum"
          period  = 300
          metrics = [for m in ["Count", "4xx", "5xx"] : ["AWS/ApiGateway", m, "ApiId", var.api_id]]
        }
      },
      {
        type   = "metric"
        x      = 12
        y      = 0
        width  = 12
        height = 6
        properties = {
          title   = "API latency p99 (ms)"
          region  = local.region
          stat    = "p99"
          period  = 300
          metrics = [["AWS/ApiGateway", "Latency", "ApiId", var.api_id], ["AWS/ApiGateway", "IntegrationLatency", "ApiId", var.api_id]]
        }
      },
      {
        type   = "metric"
        x      = 0
        y      = 6
        width  = 12
        height = 6
        properties = {
          title   = "Invocations per function"
          region  = local.region
          stat    = "Sum"
          period  = 300
          metrics = [for name in sort(keys(var.function_names)) : local.lambda_metric[name]]
        }
      },
      {
        type   = "metric"
        x      = 12
        y      = 6
        width  = 12
        height = 6
        properties = {
          title   = "Errors per function"
          region  = local.region
          stat    = "Sum"
          period  = 300
          metrics = [for name in sort(keys(var.function_names)) : ["AWS/Lambda", "Errors", "FunctionName", var.function_names[name]]]
        }
      },
      {
        type   = "metric"
        x      = 0
        y      = 12
        width  = 12
        height = 6
        properties = {
          title   = "Duration p99 per function (ms)"
          region  = local.region
          stat    = "p99"
          period  = 300
          metrics = [for name in sort(keys(var.function_names)) : ["AWS/Lambda", "Duration", "FunctionName", var.function_names[name]]]
        }
      },
      {
        type   = "metric"
        x      = 12
        y      = 12
        width  = 12
        height = 6
        properties = {
          title  = "DynamoDB capacity and throttling"
          region = local.region
          stat   = "Sum"
          period = 300
          metrics = [
            ["AWS/DynamoDB", "ConsumedReadCapacityUnits", "TableName", var.table_name],
            ["AWS/DynamoDB", "ConsumedWriteCapacityUnits", "TableName", var.table_name],
            ["AWS/DynamoDB", "ReadThrottleEvents", "TableName", var.table_name],
            ["AWS/DynamoDB", "WriteThrottleEvents", "TableName", var.table_name],
            ["AWS/DynamoDB", "TransactionConflict", "TableName", var.table_name],
          ]
        }
      },
      {
        type   = "metric"
        x      = 0
        y      = 18
        width  = 12
        height = 6
        properties = {
          title   = "WAF allowed and blocked"
          region  = "us-east-1"
          stat    = "Sum"
          period  = 300
          metrics = [for m in ["AllowedRequests", "BlockedRequests"] : ["AWS/WAFV2", m, "WebACL", var.web_acl_name, "Rule", "ALL"]]
        }
      },
      {
        type   = "alarm"
        x      = 12
        y      = 18
        width  = 12
        height = 6
        properties = {
          title = "Alarms"
          alarms = concat(
            [for alarm in aws_cloudwatch_metric_alarm.function_errors : alarm.arn],
            [aws_cloudwatch_metric_alarm.bookings_latency.arn, aws_cloudwatch_metric_alarm.dynamodb_throttles.arn],
            [for alarm in aws_cloudwatch_metric_alarm.dead_letters : alarm.arn],
          )
        }
      },
    ]
  })
}
