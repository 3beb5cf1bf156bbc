// Persistence of the local endpoint in its data dir, built so that `kill -9`
// loses nothing acknowledged and no request rewrites a big file:
//
//   flows/<name>.json                    one flow, rewritten atomically on Create/Update
//   executions/<flow>/<name>.json        what StartExecution was given; written once, before the answer
//   executions/<flow>/<name>.state.json  status, result, engine state and how many events it covers (atomic)
//   executions/<flow>/<name>.events      history, one JSON event per line, append-only
//
// Checkpoints are coalesced: the engine's state is written at the end of the
// current turn of the event loop, after the events it covers. Events beyond a
// state's count are dropped on load, because the engine records them again
// when it resumes from that state.
import { appendFileSync, mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExecutionStatus, HistoryEvent } from '../api/types.js';
import type { ExecutionRecord } from './types.js';

export interface FlowRecord {
  name: string;
  id: string;
  description: string;
  definition: string;
  type: string;
  roleArn?: string;
  executionMode: 'Standard' | 'Express';
  /** Epoch ms. */
  createdTime: number;
  lastModifiedTime: number;
}

/** An execution with the bookkeeping of what is on disk. */
export interface StoredExecution extends ExecutionRecord {
  /** Events already appended to the events file. */
  persistedEvents: number;
  /** How many events the last checkpointed engine state covers. */
  checkpointEvents: number;
  /**
   * The engine state serialised when it was checkpointed and not yet written:
   * the engine keeps changing the object itself, so writing it later could
   * pair a newer state with an older event count.
   */
  pendingState?: string;
}

interface ExecutionHeader {
  flowName: string;
  name: string;
  input: string;
  flowDefinition: string;
  startedTime: number;
}

interface ExecutionState {
  status: ExecutionStatus;
  output?: string;
  errorCode?: string;
  errorMessage?: string;
  stoppedTime?: number;
  eventCount: number;
  engineState?: unknown;
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    // Missing, or torn by a crash before it was acknowledged.
    return undefined;
  }
}

function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

/**
 * The first `limit` events of a file, stopping at a line that does not parse
 * (a write torn by a crash). When the file holds more than that, it is cut
 * back so that later appends follow the last kept event.
 */
function loadEvents(file: string, limit: number): HistoryEvent[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const events: HistoryEvent[] = [];
  let end = 0;
  while (events.length < limit) {
    const newline = text.indexOf('\n', end);
    if (newline < 0) break;
    try {
      events.push(JSON.parse(text.slice(end, newline)) as HistoryEvent);
    } catch {
      break;
    }
    end = newline + 1;
  }
  if (end !== text.length) writeAtomic(file, text.slice(0, end));
  return events;
}

function eventLines(events: readonly HistoryEvent[]): string {
  return events.map((e) => `${JSON.stringify(e)}\n`).join('');
}

export class Store {
  private readonly flowsDir: string;
  private readonly executionsDir: string;
  private readonly knownDirs = new Set<string>();
  private readonly dirty = new Set<StoredExecution>();
  private flushScheduled = false;

  constructor(dataDir: string) {
    this.flowsDir = join(dataDir, 'flows');
    this.executionsDir = join(dataDir, 'executions');
    mkdirSync(this.flowsDir, { recursive: true });
    mkdirSync(this.executionsDir, { recursive: true });
  }

  loadFlows(): FlowRecord[] {
    return readdirSync(this.flowsDir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => readJson<FlowRecord>(join(this.flowsDir, f)))
      .filter((f): f is FlowRecord => f !== undefined);
  }

  saveFlow(flow: FlowRecord): void {
    writeAtomic(join(this.flowsDir, `${flow.name}.json`), JSON.stringify(flow));
  }

  deleteFlow(name: string): void {
    try {
      unlinkSync(join(this.flowsDir, `${name}.json`));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }

  private flowDir(flowName: string): string {
    const dir = join(this.executionsDir, flowName);
    if (!this.knownDirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      this.knownDirs.add(dir);
    }
    return dir;
  }

  private file(exec: ExecutionRecord, suffix: string): string {
    return join(this.flowDir(exec.flowName), `${exec.name}${suffix}`);
  }

  /** Persists a new execution synchronously: call before acknowledging it. */
  createExecution(exec: StoredExecution): void {
    const header: ExecutionHeader = {
      flowName: exec.flowName,
      name: exec.name,
      input: exec.input,
      flowDefinition: exec.flowDefinition,
      startedTime: exec.startedTime,
    };
    writeFileSync(this.file(exec, '.json'), JSON.stringify(header));
  }

  /** Schedules a write of the execution's new events and state at the end of this turn. */
  markDirty(exec: StoredExecution): void {
    this.dirty.add(exec);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flushAll());
  }

  /** Writes one execution now (an end must be on disk before anyone is told). */
  flush(exec: StoredExecution): void {
    this.dirty.delete(exec);
    if (exec.events.length > exec.persistedEvents) {
      appendFileSync(this.file(exec, '.events'), eventLines(exec.events.slice(exec.persistedEvents)));
      exec.persistedEvents = exec.events.length;
    }
    const state: Omit<ExecutionState, 'engineState'> = {
      status: exec.status,
      output: exec.output,
      errorCode: exec.errorCode,
      errorMessage: exec.errorMessage,
      stoppedTime: exec.stoppedTime,
      eventCount: exec.checkpointEvents,
    };
    const text = JSON.stringify(state);
    const withEngineState = exec.pendingState === undefined ? text : `${text.slice(0, -1)},"engineState":${exec.pendingState}}`;
    writeAtomic(this.file(exec, '.state.json'), withEngineState);
    exec.pendingState = undefined;
  }

  flushAll(): void {
    this.flushScheduled = false;
    for (const exec of this.dirty) this.flush(exec);
  }

  /** Every execution on disk, each cut back to the events its state covers. */
  loadExecutions(): StoredExecution[] {
    const found: StoredExecution[] = [];
    for (const flowName of readdirSync(this.executionsDir)) {
      const dir = join(this.executionsDir, flowName);
      this.knownDirs.add(dir);
      for (const file of readdirSync(dir)) {
        if (!file.endsWith('.json') || file.endsWith('.state.json')) continue;
        const header = readJson<ExecutionHeader>(join(dir, file));
        if (header) found.push(this.loadExecution(dir, header));
      }
    }
    return found;
  }

  private loadExecution(dir: string, header: ExecutionHeader): StoredExecution {
    const state = readJson<ExecutionState>(join(dir, `${header.name}.state.json`)) ?? { status: 'Running', eventCount: 0 };
    const events = loadEvents(join(dir, `${header.name}.events`), state.eventCount);
    return {
      ...header,
      status: state.status,
      output: state.output,
      errorCode: state.errorCode,
      errorMessage: state.errorMessage,
      stoppedTime: state.stoppedTime,
      engineState: state.engineState,
      events,
      persistedEvents: events.length,
      checkpointEvents: events.length,
    };
  }
}
