// Records → the API's wire shapes (PascalCase, RFC 3339 times with ms).
import type { Execution, Flow } from '../api/types.js';
import { rfc3339 } from './params.js';
import type { FlowRecord } from './store.js';
import type { ExecutionRecord } from './types.js';

export function toFlow(flow: FlowRecord): Flow {
  return {
    Name: flow.name,
    Id: flow.id,
    Description: flow.description,
    Definition: flow.definition,
    Type: flow.type,
    ...(flow.roleArn ? { RoleArn: flow.roleArn } : {}),
    ExecutionMode: flow.executionMode,
    CreatedTime: rfc3339(flow.createdTime),
    LastModifiedTime: rfc3339(flow.lastModifiedTime),
  };
}

/** MetadataOnly (ListExecutions) leaves out the definition, input and output. */
export function toExecution(exec: ExecutionRecord, metadataOnly = false): Execution {
  const out: Execution = { Name: exec.name, FlowName: exec.flowName, Status: exec.status, StartedTime: rfc3339(exec.startedTime) };
  if (!metadataOnly) {
    out.FlowDefinition = exec.flowDefinition;
    out.Input = exec.input;
    if (exec.output !== undefined) out.Output = exec.output;
  }
  if (exec.stoppedTime !== undefined) out.StoppedTime = rfc3339(exec.stoppedTime);
  if (exec.errorCode) out.ErrorCode = exec.errorCode;
  if (exec.errorMessage) out.ErrorMessage = exec.errorMessage;
  return out;
}
