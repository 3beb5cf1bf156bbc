// Persistence of the local endpoint in its data dir, built so that `kill -9`
// loses nothing acknowledged and no request rewrites a big file:
//
//   flows/<name>.json              one flow, rewritten atomically (temp + rename) on Create/Update
//   schedules/<flow>/<name>.json   one schedule and its cursor, rewritten atomically on each change and each start
//   executions/<flow>/<name>.log   one execution, append-only JSON lines:
//       {"h": header}              what StartExecution was given (first line)
//       {"e": event}               a history event
//       {"s": state}               status, result, engine state, and how many events that state covers
//
// A write is one append of whatever is new, so a start costs one small write
// and a checkpoint another. On load the last complete state line wins;
// events beyond its count are dropped (the engine records them again when it
// resumes from that state) and a line torn by a crash is cut off. Superseded
// state lines are garbage; once they outweigh the rest, the file is rewritten
// compactly (temp + rename), which keeps its size within twice what it holds.
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

export interface ScheduleRecord {
  flowName: string;
  name: string;
  id: string;
  cronExpression: string;
  /** JSON object text: the input of each execution it starts. */
  payload?: string;
  description: string;
  enable: boolean;
  /** Epoch ms. */
  createdTime: number;
  lastModifiedTime: number;
  /** The last scheduled time handled, on the schedules' clock (schedules.ts). */
  cursor: number;
}

/** An execution with the bookkeeping of what is on disk. */
export interface StoredExecution extends ExecutionRecord {
  /** Events already appended to the log; 0 with no header written yet means nothing is on disk. */
  persistedEvents: number;
  headerWritten: boolean;
  /** How many events the last checkpointed engine state covers. */
  checkpointEvents: number;
  /**
   * The engine state serialised when it was checkpointed and not yet written:
   * the engine keeps changing the object itself, so writing it later could
   * pair a newer state with an older event count.
   */
  pendingState?: string;
  /** The state changed (a checkpoint, an end) since the last write. */
  stateDirty: boolean;
  /** Bytes in the log, and how many of them are superseded state lines. */
  logBytes: number;
  staleBytes: number;
  lastStateBytes: number;
}

/** A new execution, nothing of it on disk yet. */
export function newStoredExecution(exec: ExecutionRecord): StoredExecution {
  return {
    ...exec,
    headerWritten: false,
    persistedEvents: 0,
    checkpointEvents: 0,
    stateDirty: false,
    logBytes: 0,
    staleBytes: 0,
    lastStateBytes: 0,
  };
}

interface ExecutionHeader {
  flowName: string;
  name: string;
  input: string;
  flowDefinition: string;
  roleArn?: string;
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

type LogLine = { h: ExecutionHeader } | { e: HistoryEvent } | { s: ExecutionState };

const COMPACT_AFTER_BYTES = 64 * 1024;

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    // Missing, or torn by a crash before it was acknowledged.
    return undefined;
  }
}

/** The records of a directory's *.json files, leaving out those that cannot be read. */
function readJsonFiles<T>(dir: string): T[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => readJson<T>(join(dir, f)))
    .filter((r): r is T => r !== undefined);
}

function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

/**
 * Deletes a record's file; one already gone is no error here: whether the
 * thing existed is the service's question (FlowNotExists, ScheduleNotExists),
 * answered from what it holds before it asks the store to delete.
 */
function removeIfPresent(file: string): void {
  try {
    unlinkSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

function headerOf(exec: ExecutionRecord): ExecutionHeader {
  const { flowName, name, input, flowDefinition, roleArn, startedTime } = exec;
  return { flowName, name, input, flowDefinition, roleArn, startedTime };
}

function stateLine(exec: StoredExecution): string {
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
  return `{"s":${withEngineState}}\n`;
}

const eventLine = (event: HistoryEvent) => `{"e":${JSON.stringify(event)}}\n`;

/** The complete lines of a log, up to the first that does not parse; `clean` is where they end in `text`. */
function readLog(text: string): { lines: Array<{ line: LogLine; bytes: number }>; clean: number } {
  const lines: Array<{ line: LogLine; bytes: number }> = [];
  let start = 0;
  for (let newline = text.indexOf('\n'); newline >= 0; newline = text.indexOf('\n', start)) {
    const raw = text.slice(start, newline);
    try {
      lines.push({ line: JSON.parse(raw) as LogLine, bytes: Buffer.byteLength(raw) + 1 });
    } catch {
      break;
    }
    start = newline + 1;
  }
  return { lines, clean: start };
}

export class Store {
  private readonly flowsDir: string;
  private readonly executionsDir: string;
  private readonly schedulesDir: string;
  private readonly knownDirs = new Set<string>();
  private readonly dirty = new Set<StoredExecution>();
  private flushScheduled = false;

  constructor(dataDir: string) {
    this.flowsDir = join(dataDir, 'flows');
    this.executionsDir = join(dataDir, 'executions');
    this.schedulesDir = join(dataDir, 'schedules');
    mkdirSync(this.flowsDir, { recursive: true });
    mkdirSync(this.executionsDir, { recursive: true });
  }

  loadFlows(): FlowRecord[] {
    return readJsonFiles<FlowRecord>(this.flowsDir);
  }

  saveFlow(flow: FlowRecord): void {
    writeAtomic(join(this.flowsDir, `${flow.name}.json`), JSON.stringify(flow));
  }

  deleteFlow(name: string): void {
    removeIfPresent(join(this.flowsDir, `${name}.json`));
  }

  loadSchedules(): ScheduleRecord[] {
    let flows: string[];
    try {
      flows = readdirSync(this.schedulesDir);
    } catch {
      return [];
    }
    return flows.flatMap((flow) => readJsonFiles<ScheduleRecord>(join(this.schedulesDir, flow)));
  }

  saveSchedule(schedule: ScheduleRecord): void {
    const dir = join(this.schedulesDir, schedule.flowName);
    mkdirSync(dir, { recursive: true });
    writeAtomic(join(dir, `${schedule.name}.json`), JSON.stringify(schedule));
  }

  deleteSchedule(flowName: string, name: string): void {
    removeIfPresent(join(this.schedulesDir, flowName, `${name}.json`));
  }

  private logFile(exec: ExecutionRecord): string {
    const dir = join(this.executionsDir, exec.flowName);
    if (!this.knownDirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      this.knownDirs.add(dir);
    }
    return join(dir, `${exec.name}.log`);
  }

  /** The engine's state for exec, written (coalesced) at the end of this turn with the events it covers. */
  checkpoint(exec: StoredExecution, state: unknown): void {
    exec.engineState = state;
    exec.pendingState = JSON.stringify(state);
    exec.stateDirty = true;
    exec.checkpointEvents = exec.events.length;
    this.markDirty(exec);
  }

  /** The execution reached its end (status and result set): written now, before anyone is told. */
  ended(exec: StoredExecution): void {
    exec.engineState = undefined;
    exec.pendingState = undefined;
    exec.stateDirty = true;
    exec.checkpointEvents = exec.events.length;
    this.flush(exec);
  }

  private markDirty(exec: StoredExecution): void {
    this.dirty.add(exec);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flushAll());
  }

  /**
   * Appends what is new about one execution (its header the first time, new
   * events, its state) in one write. Call before acknowledging a start or
   * telling anyone of an end.
   */
  flush(exec: StoredExecution): void {
    this.dirty.delete(exec);
    let text = exec.headerWritten ? '' : `${JSON.stringify({ h: headerOf(exec) })}\n`;
    for (let i = exec.persistedEvents; i < exec.events.length; i++) text += eventLine(exec.events[i]!);
    const state = exec.stateDirty ? stateLine(exec) : '';
    if (!text && !state) return;
    appendFileSync(this.logFile(exec), text + state);
    exec.headerWritten = true;
    exec.persistedEvents = exec.events.length;
    exec.pendingState = undefined;
    exec.stateDirty = false;
    exec.logBytes += Buffer.byteLength(text) + Buffer.byteLength(state);
    if (state) {
      exec.staleBytes += exec.lastStateBytes;
      exec.lastStateBytes = Buffer.byteLength(state);
    }
    if (exec.staleBytes > COMPACT_AFTER_BYTES && exec.staleBytes > exec.logBytes - exec.staleBytes) this.rewrite(exec, this.logFile(exec), state);
  }

  /** Rewrites a log, atomically, as its header, the events written so far and `state` (its last state line, or ''). */
  private rewrite(exec: StoredExecution, file: string, state: string): void {
    const text = `${JSON.stringify({ h: headerOf(exec) })}\n${exec.events.slice(0, exec.persistedEvents).map(eventLine).join('')}${state}`;
    writeAtomic(file, text);
    exec.logBytes = Buffer.byteLength(text);
    exec.staleBytes = 0;
  }

  flushAll(): void {
    this.flushScheduled = false;
    for (const exec of this.dirty) this.flush(exec);
  }

  /** Every acknowledged execution on disk, each cut back to the events its state covers. */
  loadExecutions(): StoredExecution[] {
    const found: StoredExecution[] = [];
    for (const flowName of readdirSync(this.executionsDir)) {
      const dir = join(this.executionsDir, flowName);
      this.knownDirs.add(dir);
      for (const file of readdirSync(dir)) {
        if (!file.endsWith('.log')) continue;
        const exec = this.loadExecution(join(dir, file));
        if (exec) found.push(exec);
      }
    }
    return found;
  }

  private loadExecution(file: string): StoredExecution | undefined {
    const text = readFileSync(file, 'utf8');
    const { lines, clean } = readLog(text);
    const first = lines[0]?.line;
    // No complete header: the start was never acknowledged.
    if (!first || !('h' in first)) return undefined;
    const events: HistoryEvent[] = [];
    let state: ExecutionState = { status: 'Running', eventCount: 0 };
    let logBytes = 0;
    let stateBytes = 0;
    let allStateBytes = 0;
    for (const { line, bytes } of lines) {
      logBytes += bytes;
      if ('e' in line) events.push(line.e);
      else if ('s' in line) {
        state = line.s;
        stateBytes = bytes;
        allStateBytes += bytes;
      }
    }
    const kept = events.slice(0, state.eventCount);
    const exec: StoredExecution = {
      ...first.h,
      status: state.status,
      output: state.output,
      errorCode: state.errorCode,
      errorMessage: state.errorMessage,
      stoppedTime: state.stoppedTime,
      engineState: state.engineState,
      events: kept,
      headerWritten: true,
      persistedEvents: kept.length,
      checkpointEvents: kept.length,
      stateDirty: false,
      logBytes,
      staleBytes: allStateBytes - stateBytes,
      lastStateBytes: stateBytes,
    };
    // Events after the last state, or a torn line: cut back so that later appends follow what was kept.
    if (kept.length !== events.length || clean !== text.length) this.rewrite(exec, file, stateBytes ? `{"s":${JSON.stringify(state)}}\n` : '');
    return exec;
  }
}
