# State written before the platform module (terraform/platform) holds the same resources at
# module.<name> instead of module.platform.module.<name>: these blocks move it, so the first
# apply after the change moves state and replaces nothing. They may go once every
# environment has applied them (scripts/check-infra.sh checks they cover every module the
# platform calls while they are here).

moved {
  from = module.functions
  to   = module.platform.module.functions
}

moved {
  from = module.kms
  to   = module.platform.module.kms
}

moved {
  from = module.kms_edge
  to   = module.platform.module.kms_edge
}

moved {
  from = module.dynamodb
  to   = module.platform.module.dynamodb
}

moved {
  from = module.ses
  to   = module.platform.module.ses
}

moved {
  from = module.cognito
  to   = module.platform.module.cognito
}

moved {
  from = module.eventbridge
  to   = module.platform.module.eventbridge
}

moved {
  from = module.iam
  to   = module.platform.module.iam
}

moved {
  from = module.lambda
  to   = module.platform.module.lambda
}

moved {
  from = module.api_gateway
  to   = module.platform.module.api_gateway
}

moved {
  from = module.waf
  to   = module.platform.module.waf
}

moved {
  from = module.s3_cloudfront
  to   = module.platform.module.s3_cloudfront
}

moved {
  from = module.cloudwatch
  to   = module.platform.module.cloudwatch
}
