// One row per execution, the cursor on the newest; ↑/↓ (or k/j) move, Enter
// picks, Esc or q leaves. Only a window of rows that fits the terminal shows.
import { Box, Text, useInput } from 'ink';
import { useEffect, useRef, useState } from 'react';
import type { ChalkInstance } from 'chalk';
import type { Execution } from '../../api/types.js';
import { coloredMark, formatAge, statusLabel } from '../format.js';

export interface ExecutionPickerProps {
  executions: readonly Execution[];
  /** For the ages, fixed while the picker is open. */
  now: number;
  c: ChalkInstance;
  /** How many rows fit. */
  rows: number;
  onDone(name: string | undefined): void;
}

export function ExecutionPicker({ executions, now, c, rows, onDone }: ExecutionPickerProps) {
  const [cursor, setCursor] = useState(0);
  // Keys can arrive before Ink re-subscribes the handler of the last render, so Enter reads the cursor from a ref.
  const at = useRef(0);
  const move = (delta: number) => {
    at.current = Math.min(executions.length - 1, Math.max(0, at.current + delta));
    setCursor(at.current);
  };
  const [done, setDone] = useState<{ name?: string }>();
  const finish = (name: string | undefined) => setDone({ name });
  // Told once the last frame is drawn, so the one Ink leaves on the terminal is that one.
  useEffect(() => {
    if (done) onDone(done.name);
  }, [done, onDone]);
  useInput((input, key) => {
    if (key.upArrow || input === 'k') move(-1);
    else if (key.downArrow || input === 'j') move(1);
    else if (key.return) finish(executions[at.current]!.Name);
    else if (key.escape || input === 'q' || (key.ctrl && input === 'c')) finish(undefined);
  }, { isActive: !done });
  // The list goes once a choice is made; the last frame, which stays on the terminal, names the choice.
  if (done) return done.name ? <Text>{c.dim(`Picked ${done.name}`)}</Text> : null;

  const first = Math.min(Math.max(0, cursor - rows + 1), Math.max(0, executions.length - rows));
  const shown = executions.slice(first, first + rows);
  const nameWidth = Math.max(...shown.map((e) => e.Name.length));
  return (
    <Box flexDirection="column">
      <Text>{c.bold('Pick an execution')} {c.dim('↑/↓ move · Enter pick · Esc leave')}</Text>
      {shown.map((e, i) => {
        const selected = first + i === cursor;
        const row = `${coloredMark(e.Status, c)} ${e.Name.padEnd(nameWidth)}  ${statusLabel(e.Status, c)}${' '.repeat(Math.max(0, 9 - e.Status.length))}  ${c.dim(formatAge(now - Date.parse(e.StartedTime)))}`;
        return <Text key={e.Name} wrap="truncate-end">{selected ? `${c.cyan('›')} ${row}` : `  ${row}`}</Text>;
      })}
      {executions.length > rows ? <Text>{c.dim(`${cursor + 1}/${executions.length}`)}</Text> : null}
    </Box>
  );
}
