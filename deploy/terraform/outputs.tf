output "url" {
  description = "The service's internal URL."
  value       = "http://${aws_lb.internal.dns_name}"
}

output "log_group" {
  value = aws_cloudwatch_log_group.app.name
}
