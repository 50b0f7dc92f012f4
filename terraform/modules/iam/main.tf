# One execution role per function, allowed exactly the calls its code makes (the catalogue
# in modules/functions): its own log group, the table actions and indexes it uses, and
# Cognito, SES, its dead-letter queue, the KMS key and the link key only where it needs them.
# ARNs are built from names so that roles exist before the functions that assume them.

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  account   = data.aws_caller_identity.current.account_id
  partition = data.aws_partition.current.partition
  region    = data.aws_region.current.region

  statements = {
    for name, f in var.functions : name => concat(
      [
        {
          Sid      = "OwnLogGroup"
          Effect   = "Allow"
          Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
          Resource = ["arn:${local.partition}:logs:${local.region}:${local.account}:log-group:/aws/lambda/${var.name_prefix}-${name}:*"]
        },
        {
          Sid      = "TableItems"
          Effect   = "Allow"
          Action   = [for action in f.dynamodb : "dynamodb:${action}"]
          Resource = [var.table_arn]
        },
        {
          Sid      = "DecryptOwnEnvironment"
          Effect   = "Allow"
          Action   = ["kms:Decrypt"]
          Resource = [var.kms_key_arn]
        },
      ],
      length(f.indexes) == 0 ? [] : [
        {
          Sid      = "QueryIndexes"
          Effect   = "Allow"
          Action   = ["dynamodb:Query"]
          Resource = [for index in f.indexes : "${var.table_arn}/index/${index}"]
        },
      ],
      f.kind != "event" ? [] : [
        {
          Sid      = "DeadLetterQueue"
          Effect   = "Allow"
          Action   = ["sqs:SendMessage"]
          Resource = ["arn:${local.partition}:sqs:${local.region}:${local.account}:${var.name_prefix}-${name}-dlq"]
        },
        {
          Sid      = "EncryptDeadLetters"
          Effect   = "Allow"
          Action   = ["kms:GenerateDataKey"]
          Resource = [var.kms_key_arn]
        },
      ],
      !f.cognito_admin ? [] : [
        {
          Sid      = "CreateAccounts"
          Effect   = "Allow"
          Action   = ["cognito-idp:AdminCreateUser", "cognito-idp:AdminSetUserPassword", "cognito-idp:AdminDeleteUser"]
          Resource = [var.user_pool_arn]
        },
      ],
      !f.signs_links ? [] : [
        {
          Sid      = "SignMessageLinks"
          Effect   = "Allow"
          Action   = ["kms:GenerateMac"]
          Resource = [var.link_key_arn]
        },
      ],
      !f.verifies_links ? [] : [
        {
          Sid      = "VerifyMessageLinks"
          Effect   = "Allow"
          Action   = ["kms:VerifyMac"]
          Resource = [var.link_key_arn]
        },
      ],
      !f.sends_email ? [] : [
        {
          Sid      = "SendMail"
          Effect   = "Allow"
          Action   = ["ses:SendRawEmail"]
          Resource = compact([var.ses_identity_arn, var.ses_configuration_set_arn])
        },
      ],
      # A text to a phone number has no ARN to name; NotResource keeps every topic out, so
      # the grant reaches phone numbers only.
      !f.sends_texts ? [] : [
        {
          Sid         = "SendTexts"
          Effect      = "Allow"
          Action      = ["sns:Publish"]
          NotResource = ["arn:aws:sns:*:*:*"]
        },
      ],
    )
  }
}

resource "aws_iam_role" "function" {
  for_each = var.functions

  name        = "${var.name_prefix}-${each.key}"
  description = "Execution role of the ${each.key} Lambda function"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { Service = "lambda.amazonaws.com" }
        Action    = "sts:AssumeRole"
      },
    ]
  })
  tags = var.tags
}

resource "aws_iam_role_policy" "function" {
  for_each = var.functions

  name = "${var.name_prefix}-${each.key}"
  role = aws_iam_role.function[each.key].id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = local.statements[each.key]
  })
}

# X-Ray's PutTraceSegments cannot be limited to a resource; AWS's own policy grants it.
resource "aws_iam_role_policy_attachment" "xray" {
  for_each = var.functions

  role       = aws_iam_role.function[each.key].name
  policy_arn = "arn:${local.partition}:iam::aws:policy/AWSXRayDaemonWriteAccess"
}
