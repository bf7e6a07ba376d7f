variable "name" {
  description = "Name of the function and of its schedule."
  type        = string
  nullable    = false

  validation {
    condition     = (length(var.name) >= 3) && (length(var.name) <= 40)
    error_message = "Input name must be 3 to 40 characters long."
  }

  validation {
    condition     = can(regex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$", var.name))
    error_message = "Input name must be well formed: use 3 to 40 lowercase letters and digits in words joined by single `-`, starting with a letter (the function's role and log group names derive from it)."
  }
}

variable "description" {
  description = "What the job does, shown in the Lambda and Scheduler consoles."
  type        = string
  default     = ""
  nullable    = false

  validation {
    condition     = length(var.description) <= 256
    error_message = "Input description must be at most 256 characters long."
  }
}

variable "schedule_expression" {
  description = "When the job runs: `rate(…)` or a six-field `cron(…)`."
  type        = string
  nullable    = false

  validation {
    condition     = (length(var.schedule_expression) >= 9) && (length(var.schedule_expression) <= 256)
    error_message = "Input schedule_expression must be 9 to 256 characters long."
  }

  validation {
    condition     = can(regex("^(rate\\((1 (minute|hour|day)|([2-9]|[1-9][0-9]+) (minutes|hours|days))\\)|cron\\([0-9*,/-]+ [0-9*,/-]+ (\\? [0-9A-Za-z*,/-]+ [0-9A-Za-z*,/LW#-]+|[0-9*,/LW-]+ [0-9A-Za-z*,/-]+ \\?) [0-9*,/-]+\\))$", var.schedule_expression))
    error_message = "Input schedule_expression must be well formed: use `rate(1 hour)`, `rate(5 minutes)` (singular unit for 1) or a six-field `cron(minutes hours day-of-month month day-of-week year)` in which exactly one of day-of-month and day-of-week is `?`, such as `cron(0 2 * * ? *)`."
  }
}

variable "schedule_timezone" {
  description = "Time zone in which cron expressions are read."
  type        = string
  default     = "UTC"
  nullable    = false

  validation {
    condition     = (length(var.schedule_timezone) >= 1) && (length(var.schedule_timezone) <= 50)
    error_message = "Input schedule_timezone must be 1 to 50 characters long."
  }

  validation {
    condition     = can(regex("^([A-Z][A-Za-z_+-]*(/[A-Za-z0-9_+-]+){0,2}|UTC)$", var.schedule_timezone))
    error_message = "Input schedule_timezone must be well formed: use an IANA time zone name such as `UTC` or `Europe/Paris`."
  }
}

variable "enabled" {
  description = "Whether the schedule runs; false pauses it without deleting anything."
  type        = bool
  default     = true
  nullable    = false
}

variable "payload" {
  description = "Event passed to the function on every run, as string keys and values."
  type        = map(string)
  default     = {}
  nullable    = false
}

variable "maximum_retry_attempts" {
  description = "Retries when Scheduler cannot invoke the function (throttled, not permitted) before the event goes to the dead-letter queue."
  type        = number
  default     = 2
  nullable    = false

  validation {
    condition     = (var.maximum_retry_attempts >= 0) && (var.maximum_retry_attempts <= 185)
    error_message = "Input maximum_retry_attempts must be between 0 and 185."
  }

  validation {
    condition     = floor(var.maximum_retry_attempts) == var.maximum_retry_attempts
    error_message = "Input maximum_retry_attempts must be a whole number."
  }
}

variable "maximum_event_age_seconds" {
  description = "Seconds Scheduler keeps trying to invoke the function before the event goes to the dead-letter queue."
  type        = number
  default     = 3600
  nullable    = false

  validation {
    condition     = (var.maximum_event_age_seconds >= 60) && (var.maximum_event_age_seconds <= 86400)
    error_message = "Input maximum_event_age_seconds must be between 60 and 86400."
  }

  validation {
    condition     = floor(var.maximum_event_age_seconds) == var.maximum_event_age_seconds
    error_message = "Input maximum_event_age_seconds must be a whole number."
  }
}

variable "invocation_retry_attempts" {
  description = "Retries by Lambda when the function itself fails (raises, times out) before the event goes to the dead-letter queue."
  type        = number
  default     = 2
  nullable    = false

  validation {
    condition     = (var.invocation_retry_attempts >= 0) && (var.invocation_retry_attempts <= 2)
    error_message = "Input invocation_retry_attempts must be between 0 and 2."
  }

  validation {
    condition     = floor(var.invocation_retry_attempts) == var.invocation_retry_attempts
    error_message = "Input invocation_retry_attempts must be a whole number."
  }
}

variable "invocation_maximum_event_age_seconds" {
  description = "Seconds Lambda keeps an event of a failing run for retries before it goes to the dead-letter queue."
  type        = number
  default     = 3600
  nullable    = false

  validation {
    condition     = (var.invocation_maximum_event_age_seconds >= 60) && (var.invocation_maximum_event_age_seconds <= 21600)
    error_message = "Input invocation_maximum_event_age_seconds must be between 60 and 21600."
  }

  validation {
    condition     = floor(var.invocation_maximum_event_age_seconds) == var.invocation_maximum_event_age_seconds
    error_message = "Input invocation_maximum_event_age_seconds must be a whole number."
  }
}

variable "alarm_topic_arns" {
  description = "SNS topics notified when events reach the dead-letter queue and when it is empty again."
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

variable "function" {
  description = "The function's settings."
  type        = object({ package_file = string, runtime = optional(string, "python3.12"), handler = optional(string, "app.handler"), architecture = optional(string, "arm64"), memory_size = optional(number, 256), timeout = optional(number, 30), reserved_concurrent_executions = optional(number, -1), tracing_mode = optional(string, "Active"), log_retention_days = optional(number, 365), log_level = optional(string, "INFO"), kms_key_arn = optional(string), environment_variables = optional(map(string), {}) })
  nullable    = false

  validation {
    condition     = (length(var.function.package_file) >= 5) && (length(var.function.package_file) <= 1024)
    error_message = "Input function.package_file must be 5 to 1024 characters long."
  }

  validation {
    condition     = can(regex("\\.zip$", var.function.package_file))
    error_message = "Input function.package_file must be well formed: give the path of a `.zip` file, such as `build/function.zip`."
  }

  validation {
    condition     = contains(["python3.13", "python3.12", "python3.11", "nodejs22.x", "nodejs20.x", "java21", "java17", "dotnet8", "ruby3.3", "provided.al2023"], var.function.runtime)
    error_message = "Input function.runtime must be one of `python3.13`, `python3.12`, `python3.11`, `nodejs22.x`, `nodejs20.x`, `java21`, `java17`, `dotnet8`, `ruby3.3`, `provided.al2023`."
  }

  validation {
    condition     = (length(var.function.handler) >= 1) && (length(var.function.handler) <= 128)
    error_message = "Input function.handler must be 1 to 128 characters long."
  }

  validation {
    condition     = can(regex("^[^\\s]+$", var.function.handler))
    error_message = "Input function.handler must be well formed: use 1 to 128 characters without white space, such as `app.handler`."
  }

  validation {
    condition     = contains(["arm64", "x86_64"], var.function.architecture)
    error_message = "Input function.architecture must be one of `arm64`, `x86_64`."
  }

  validation {
    condition     = (var.function.memory_size >= 128) && (var.function.memory_size <= 10240)
    error_message = "Input function.memory_size must be between 128 and 10240."
  }

  validation {
    condition     = floor(var.function.memory_size) == var.function.memory_size
    error_message = "Input function.memory_size must be a whole number."
  }

  validation {
    condition     = (var.function.timeout >= 1) && (var.function.timeout <= 900)
    error_message = "Input function.timeout must be between 1 and 900."
  }

  validation {
    condition     = floor(var.function.timeout) == var.function.timeout
    error_message = "Input function.timeout must be a whole number."
  }

  validation {
    condition     = (var.function.reserved_concurrent_executions >= -1) && (var.function.reserved_concurrent_executions <= 10000)
    error_message = "Input function.reserved_concurrent_executions must be between -1 and 10000."
  }

  validation {
    condition     = floor(var.function.reserved_concurrent_executions) == var.function.reserved_concurrent_executions
    error_message = "Input function.reserved_concurrent_executions must be a whole number."
  }

  validation {
    condition     = contains(["Active", "PassThrough"], var.function.tracing_mode)
    error_message = "Input function.tracing_mode must be one of `Active`, `PassThrough`."
  }

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.function.log_retention_days)
    error_message = "Input function.log_retention_days must be one of `1`, `3`, `5`, `7`, `14`, `30`, `60`, `90`, `120`, `150`, `180`, `365`, `400`, `545`, `731`, `1096`, `1827`, `2192`, `2557`, `2922`, `3288`, `3653`."
  }

  validation {
    condition     = floor(var.function.log_retention_days) == var.function.log_retention_days
    error_message = "Input function.log_retention_days must be a whole number."
  }

  validation {
    condition     = contains(["DEBUG", "INFO", "WARN", "ERROR"], var.function.log_level)
    error_message = "Input function.log_level must be one of `DEBUG`, `INFO`, `WARN`, `ERROR`."
  }

  validation {
    condition     = var.function.kms_key_arn == null ? true : (length(var.function.kms_key_arn) >= 20) && (length(var.function.kms_key_arn) <= 2048)
    error_message = "Input function.kms_key_arn must be 20 to 2048 characters long."
  }

  validation {
    condition     = var.function.kms_key_arn == null ? true : can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", var.function.kms_key_arn))
    error_message = "Input function.kms_key_arn must be well formed: use a key ARN such as `arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab`."
  }

  validation {
    condition     = alltrue([for key0 in keys(var.function.environment_variables) : can(regex("^[A-Za-z][A-Za-z0-9_]*$", key0))])
    error_message = "Input function.environment_variables must have well-formed keys: start with a letter, then use letters, digits and `_`."
  }

  validation {
    condition     = alltrue([for key0 in keys(var.function.environment_variables) : contains(["_HANDLER", "_X_AMZN_TRACE_ID", "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_DEFAULT_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_LAMBDA_RUNTIME_API", "AWS_REGION", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "LAMBDA_RUNTIME_DIR", "LAMBDA_TASK_ROOT", "TZ"], key0) == false])
    error_message = "Input function.environment_variables must not use the reserved keys `_HANDLER`, `_X_AMZN_TRACE_ID`, `AWS_ACCESS_KEY`, `AWS_ACCESS_KEY_ID`, `AWS_DEFAULT_REGION`, `AWS_EXECUTION_ENV`, `AWS_LAMBDA_FUNCTION_MEMORY_SIZE`, `AWS_LAMBDA_FUNCTION_NAME`, `AWS_LAMBDA_FUNCTION_VERSION`, `AWS_LAMBDA_INITIALIZATION_TYPE`, `AWS_LAMBDA_LOG_GROUP_NAME`, `AWS_LAMBDA_LOG_STREAM_NAME`, `AWS_LAMBDA_RUNTIME_API`, `AWS_REGION`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, `LAMBDA_RUNTIME_DIR`, `LAMBDA_TASK_ROOT`, `TZ`."
  }

  validation {
    condition     = sum(concat([0], [for key0, item0 in var.function.environment_variables : ((2 * length(replace(urlencode(key0), "%", ""))) - length(urlencode(key0))) + ((2 * length(replace(urlencode(item0), "%", ""))) - length(urlencode(item0)))])) <= 3584
    error_message = "Input function.environment_variables must hold at most 3584 bytes in its keys and values together."
  }
}
