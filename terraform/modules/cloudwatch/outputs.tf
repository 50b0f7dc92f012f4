output "alarm_topic_arn" {
  description = "SNS topic every alarm notifies."
  value       = aws_sns_topic.alarms.arn
}

output "dashboard_name" {
  description = "Name of the CloudWatch dashboard."
  value       = aws_cloudwatch_dashboard.this.dashboard_name
}

output "alarm_names" {
  description = "Every alarm's name."
  value = concat(
    [for alarm in aws_cloudwatch_metric_alarm.function_errors : alarm.alarm_name],
    [aws_cloudwatch_metric_alarm.bookings_latency.alarm_name, aws_cloudwatch_metric_alarm.dynamodb_throttles.alarm_name],
    [for alarm in aws_cloudwatch_metric_alarm.dead_letters : alarm.alarm_name],
  )
}
