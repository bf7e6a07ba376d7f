variable "name" {
  description = "Name of the state machine; its role and alarms are named after it."
  type        = string
  nullable    = false

  validation {
    condition     = (length(var.name) >= 3) && (length(var.name) <= 40)
    error_message = "Input name must be 3 to 40 characters long."
  }

  validation {
    condition     = can(regex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$", var.name))
    error_message = "Input name must be well formed: use 3 to 40 lowercase letters and digits in words joined by single `-`, starting with a letter."
  }
}

variable "type" {
  description = "`STANDARD` (exactly-once, up to a year) or `EXPRESS` (at-least-once, up to five minutes; no `.waitForTaskToken`)."
  type        = string
  default     = "STANDARD"
  nullable    = false

  validation {
    condition     = contains(["STANDARD", "EXPRESS"], var.type)
    error_message = "Input type must be one of `STANDARD`, `EXPRESS`."
  }
}

variable "definition" {
  description = "The Amazon States Language definition (JSON), with `$${key}` where a resource of `resources` goes; in a stack file `{ file = \"…\" }`."
  type        = string
  nullable    = false

  validation {
    condition     = (length(var.definition) >= 1) && (length(var.definition) <= 1048576)
    error_message = "Input definition must be 1 to 1048576 characters long."
  }
}

variable "resources" {
  description = "The resources the definition's Task states call, by the key its placeholders name."
  type        = map(object({ type = string, arn = string, actions = list(string), kms_key_arn = optional(string) }))
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for key0 in keys(var.resources) : can(regex("^[a-z][a-z0-9_]*$", key0))])
    error_message = "Input resources must have well-formed keys: start with a lowercase letter, then use lowercase letters, digits and `_` (it is written `$${key}` in the definition)."
  }

  validation {
    condition     = alltrue([for item0 in values(var.resources) : contains(["lambda", "sqs", "sns", "dynamodb"], item0.type)])
    error_message = "Input every item of resources.type must be one of `lambda`, `sqs`, `sns`, `dynamodb`."
  }

  validation {
    condition     = alltrue([for item0 in values(var.resources) : (length(item0.arn) >= 20) && (length(item0.arn) <= 2048)])
    error_message = "Input every item of resources.arn must be 20 to 2048 characters long."
  }

  validation {
    condition     = alltrue([for item0 in values(var.resources) : can(regex("^arn:aws[a-z-]*:(lambda:[a-z0-9-]+:[0-9]{12}:function:[A-Za-z0-9_-]{1,64}|sqs:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,75}(\\.fifo)?|sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,251}(\\.fifo)?|dynamodb:[a-z0-9-]+:[0-9]{12}:table/[A-Za-z0-9_.-]{3,255})$", item0.arn))])
    error_message = "Input every item of resources.arn must be well formed: use the ARN of a Lambda function (unqualified), an SQS queue, an SNS topic or a DynamoDB table, such as `arn:aws:lambda:eu-west-1:111122223333:function:charge-order`."
  }

  validation {
    condition     = alltrue([for item0 in values(var.resources) : (length(item0.actions) >= 1) && (length(item0.actions) <= 4)])
    error_message = "Input every item of resources.actions must have 1 to 4 items."
  }

  validation {
    condition     = alltrue([for item0 in values(var.resources) : alltrue([for item1 in item0.actions : contains(["lambda:InvokeFunction", "sqs:SendMessage", "sns:Publish", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"], item1)])])
    error_message = "Input every item of every item of resources.actions must be one of `lambda:InvokeFunction`, `sqs:SendMessage`, `sns:Publish`, `dynamodb:GetItem`, `dynamodb:PutItem`, `dynamodb:UpdateItem`, `dynamodb:DeleteItem`."
  }

  validation {
    condition     = alltrue([for item0 in values(var.resources) : item0.kms_key_arn == null ? true : (length(item0.kms_key_arn) >= 20) && (length(item0.kms_key_arn) <= 2048)])
    error_message = "Input every item of resources.kms_key_arn must be 20 to 2048 characters long."
  }

  validation {
    condition     = alltrue([for item0 in values(var.resources) : item0.kms_key_arn == null ? true : can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", item0.kms_key_arn))])
    error_message = "Input every item of resources.kms_key_arn must be well formed: use a key ARN such as `arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab`."
  }
}

variable "log_retention_days" {
  description = "Days CloudWatch keeps the execution logs."
  type        = number
  default     = 365
  nullable    = false

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "Input log_retention_days must be one of `1`, `3`, `5`, `7`, `14`, `30`, `60`, `90`, `120`, `150`, `180`, `365`, `400`, `545`, `731`, `1096`, `1827`, `2192`, `2557`, `2922`, `3288`, `3653`."
  }

  validation {
    condition     = floor(var.log_retention_days) == var.log_retention_days
    error_message = "Input log_retention_days must be a whole number."
  }
}

variable "log_kms_key_arn" {
  description = "KMS key that encrypts the log group; AWS-owned keys when null."
  type        = string
  default     = null

  validation {
    condition     = var.log_kms_key_arn == null ? true : (length(var.log_kms_key_arn) >= 20) && (length(var.log_kms_key_arn) <= 2048)
    error_message = "Input log_kms_key_arn must be 20 to 2048 characters long."
  }

  validation {
    condition     = var.log_kms_key_arn == null ? true : can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", var.log_kms_key_arn))
    error_message = "Input log_kms_key_arn must be well formed: use a key ARN such as `arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab`."
  }
}

variable "kms_key_arn" {
  description = "KMS key that encrypts the definition and execution data; an AWS-owned key when null."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null ? true : (length(var.kms_key_arn) >= 20) && (length(var.kms_key_arn) <= 2048)
    error_message = "Input kms_key_arn must be 20 to 2048 characters long."
  }

  validation {
    condition     = var.kms_key_arn == null ? true : can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", var.kms_key_arn))
    error_message = "Input kms_key_arn must be well formed: use a key ARN such as `arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab`."
  }
}

variable "tracing_enabled" {
  description = "Whether executions are traced with X-Ray."
  type        = bool
  default     = true
  nullable    = false
}

variable "alarm_topic_arns" {
  description = "SNS topics notified when an alarm fires and when it recovers."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for item0 in var.alarm_topic_arns : (length(item0) >= 20) && (length(item0) <= 2048)])
    error_message = "Input every item of alarm_topic_arns must be 20 to 2048 characters long."
  }

  validation {
    condition     = alltrue([for item0 in var.alarm_topic_arns : can(regex("^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]+$", item0))])
    error_message = "Input every item of alarm_topic_arns must be well formed: use an SNS topic ARN such as `arn:aws:sns:eu-west-1:111122223333:alerts`."
  }
}
