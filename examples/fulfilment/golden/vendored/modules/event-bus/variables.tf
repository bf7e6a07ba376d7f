variable "bus_name" {
  description = "Name of the bus; rules are named `<bus_name>-<rule key>`, the dead-letter queue `<bus_name>-events-dlq`."
  type        = string
  nullable    = false

  validation {
    condition     = (length(var.bus_name) >= 3) && (length(var.bus_name) <= 40)
    error_message = "Input bus_name must be 3 to 40 characters long."
  }

  validation {
    condition     = can(regex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$", var.bus_name))
    error_message = "Input bus_name must be well formed: use 3 to 40 lowercase letters and digits in words joined by single `-`, starting with a letter."
  }
}

variable "kms_key_arn" {
  description = "KMS key that encrypts the bus, its archive and the dead-letter queue; AWS-owned keys (bus, archive) and SQS-managed encryption (queue) when null."
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

variable "rules" {
  description = "Rules by key: each an event pattern and its targets."
  type        = map(object({ description = optional(string, ""), event_pattern = string, state = optional(string, "ENABLED"), targets = optional(map(object({ type = string, arn = string, maximum_retry_attempts = optional(number, 185), maximum_event_age_seconds = optional(number, 86400), input_path = optional(string) })), {}) }))
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for key0 in keys(var.rules) : can(regex("^[a-z]([a-z0-9-]{0,21}[a-z0-9])?$", key0))])
    error_message = "Input rules must have well-formed keys: use 1 to 23 lowercase letters, digits and `-`, starting with a letter and ending with a letter or digit (the rule is named `<bus_name>-<key>`, at most 64 characters)."
  }

  validation {
    condition     = alltrue([for item0 in values(var.rules) : (length(item0.description) >= 0) && (length(item0.description) <= 256)])
    error_message = "Input every item of rules.description must be 0 to 256 characters long."
  }

  validation {
    condition     = alltrue([for item0 in values(var.rules) : can(regex("^[^\\x00-\\x1f\\x7f]*$", item0.description))])
    error_message = "Input every item of rules.description must be well formed: write at most 256 characters on one line, without control characters."
  }

  validation {
    condition     = alltrue([for item0 in values(var.rules) : can(keys(jsondecode(item0.event_pattern)))])
    error_message = "Input every item of rules.event_pattern must be the JSON text of an object, such as `{\"source\": [\"orders\"]}`."
  }

  validation {
    condition     = alltrue([for item0 in values(var.rules) : contains(["ENABLED", "DISABLED"], item0.state)])
    error_message = "Input every item of rules.state must be one of `ENABLED`, `DISABLED`."
  }

  validation {
    condition     = alltrue([for item0 in values(var.rules) : alltrue([for key1 in keys(item0.targets) : can(regex("^[a-z]([a-z0-9-]{0,30}[a-z0-9])?$", key1))])])
    error_message = "Input every item of rules.targets must have well-formed keys: use 1 to 32 lowercase letters, digits and `-`, starting with a letter and ending with a letter or digit (a Lambda permission's statement ID `<bus_name>-<rule key>-<target key>` has at most 100 characters)."
  }

  validation {
    condition     = alltrue([for item0 in values(var.rules) : alltrue([for item1 in values(item0.targets) : contains(["lambda", "sqs", "states", "sns"], item1.type)])])
    error_message = "Input every item of every item of rules.targets.type must be one of `lambda`, `sqs`, `states`, `sns`."
  }

  validation {
    condition     = alltrue([for item0 in values(var.rules) : alltrue([for item1 in values(item0.targets) : (length(item1.arn) >= 20) && (length(item1.arn) <= 2048)])])
    error_message = "Input every item of every item of rules.targets.arn must be 20 to 2048 characters long."
  }

  validation {
    condition     = alltrue([for item0 in values(var.rules) : alltrue([for item1 in values(item0.targets) : can(regex("^arn:aws[a-z-]*:(lambda:[a-z0-9-]+:[0-9]{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]{1,128})?|sqs:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,75}(\\.fifo)?|states:[a-z0-9-]+:[0-9]{12}:stateMachine:[A-Za-z0-9_-]{1,80}(:[A-Za-z0-9_-]{1,80})?|sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,251}(\\.fifo)?)$", item1.arn))])])
    error_message = "Input every item of every item of rules.targets.arn must be well formed: use the ARN of a Lambda function, an SQS queue, a Step Functions state machine or an SNS topic, such as `arn:aws:sqs:eu-west-1:111122223333:orders`."
  }

  validation {
    condition     = alltrue([for item0 in values(var.rules) : alltrue([for item1 in values(item0.targets) : (item1.maximum_retry_attempts >= 0) && (item1.maximum_retry_attempts <= 185)])])
    error_message = "Input every item of every item of rules.targets.maximum_retry_attempts must be between 0 and 185."
  }

  validation {
    condition     = alltrue([for item0 in values(var.rules) : alltrue([for item1 in values(item0.targets) : floor(item1.maximum_retry_attempts) == item1.maximum_retry_attempts])])
    error_message = "Input every item of every item of rules.targets.maximum_retry_attempts must be a whole number."
  }

  validation {
    condition     = alltrue([for item0 in values(var.rules) : alltrue([for item1 in values(item0.targets) : (item1.maximum_event_age_seconds >= 60) && (item1.maximum_event_age_seconds <= 86400)])])
    error_message = "Input every item of every item of rules.targets.maximum_event_age_seconds must be between 60 and 86400."
  }

  validation {
    condition     = alltrue([for item0 in values(var.rules) : alltrue([for item1 in values(item0.targets) : floor(item1.maximum_event_age_seconds) == item1.maximum_event_age_seconds])])
    error_message = "Input every item of every item of rules.targets.maximum_event_age_seconds must be a whole number."
  }

  validation {
    condition     = alltrue([for item0 in values(var.rules) : alltrue([for item1 in values(item0.targets) : item1.input_path == null ? true : (length(item1.input_path) >= 1) && (length(item1.input_path) <= 256)])])
    error_message = "Input every item of every item of rules.targets.input_path must be 1 to 256 characters long."
  }

  validation {
    condition     = alltrue([for item0 in values(var.rules) : alltrue([for item1 in values(item0.targets) : item1.input_path == null ? true : can(regex("^\\$(\\.[A-Za-z0-9_-]+|\\[[0-9]+\\])*$", item1.input_path))])])
    error_message = "Input every item of every item of rules.targets.input_path must be well formed: use a JSONPath of names and indexes such as `$.detail` or `$.detail.items[0]`."
  }
}

variable "archive_retention_days" {
  description = "Days the archive keeps every event of the bus for replay; no archive when null."
  type        = number
  default     = 30

  validation {
    condition     = var.archive_retention_days == null ? true : (var.archive_retention_days >= 1) && (var.archive_retention_days <= 3650)
    error_message = "Input archive_retention_days must be between 1 and 3650."
  }

  validation {
    condition     = var.archive_retention_days == null ? true : floor(var.archive_retention_days) == var.archive_retention_days
    error_message = "Input archive_retention_days must be a whole number."
  }
}

variable "publisher_account_ids" {
  description = "AWS accounts whose principals may put events on the bus; with no account and no role, only this account can."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for item0 in var.publisher_account_ids : (length(item0) >= 12) && (length(item0) <= 12)])
    error_message = "Input every item of publisher_account_ids must be exactly 12 characters long."
  }

  validation {
    condition     = alltrue([for item0 in var.publisher_account_ids : can(regex("^[0-9]{12}$", item0))])
    error_message = "Input every item of publisher_account_ids must be well formed: use the 12 digits of an AWS account ID, such as `111122223333`."
  }
}

variable "publisher_role_arns" {
  description = "IAM roles (of any account) that may put events on the bus."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for item0 in var.publisher_role_arns : (length(item0) >= 20) && (length(item0) <= 2048)])
    error_message = "Input every item of publisher_role_arns must be 20 to 2048 characters long."
  }

  validation {
    condition     = alltrue([for item0 in var.publisher_role_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}$", item0))])
    error_message = "Input every item of publisher_role_arns must be well formed: use an IAM role ARN such as `arn:aws:iam::111122223333:role/orders-api`."
  }
}

variable "alarm_threshold" {
  description = "Messages waiting in the dead-letter queue that raise the alarm."
  type        = number
  default     = 1
  nullable    = false

  validation {
    condition     = (var.alarm_threshold >= 1) && (var.alarm_threshold <= 100000)
    error_message = "Input alarm_threshold must be between 1 and 100000."
  }

  validation {
    condition     = floor(var.alarm_threshold) == var.alarm_threshold
    error_message = "Input alarm_threshold must be a whole number."
  }
}

variable "alarm_topic_arns" {
  description = "SNS topics notified when the dead-letter alarm fires and when it recovers."
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
