output "functions" {
  description = "Every Lambda function by name, with its kind, size, reserved concurrency and the AWS calls it makes."
  value = {
    for name, f in local.functions : name => merge(f, { reserved_concurrency = local.reserved_concurrency[name] })
  }
}

output "routes" {
  description = "API Gateway route key (\"METHOD /path\") to the function serving it and its authorization (jwt or none)."
  value       = local.routes
}

output "http_functions" {
  description = "Names of the functions API Gateway invokes."
  value       = sort([for name, f in local.functions : name if f.kind == "http"])
}

output "event_functions" {
  description = "Names of the functions EventBridge invokes."
  value       = sort([for name, f in local.functions : name if f.kind == "event"])
}
