// Stand-in for the function fnfig deploys for its test/foreach/main.fig (Rippletek/fnfig): fig_runner.py's _handler
// over fig_utils.Handler, running the methods fnfig.py generates for that fig, which call the fig's main.py. Each call
// runs one statement and names the next in fdl_action; a foreach statement answers one key with fdl_value.

// test/foreach/main.py (its asserts kept: a wrong value fails the call).
function assertEqual(actual, expected) {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) throw new Error(`bad result ${JSON.stringify(actual)}, expecting ${JSON.stringify(expected)}`);
}
const initx = (args) => ({ ...args, x: 5 });
const addxAll = (args) => [args, [1, 2, 3, 4, 5]];
const addx = (args, value) => value + args.x;
const verify1 = (args, values) => (assertEqual(values, [6, 7, 8, 9, 10]), args);
// Returns nothing, as the Python does: the result is null from here on.
const verify2 = (args) => (assertEqual(args, { x: 5 }), null);
const add1All = (args) => [args, [1, 2, 3, 4, 5]];
const add1 = (_args, value) => value + 1;
const verify3 = (args, values) => (assertEqual(values, [2, 3, 4, 5, 6]), args);

// fig_utils.check_go_to: a [result, {_next_step}] pair jumps.
function checkGoTo(r) {
  const [result, jump] = Array.isArray(r.result) && r.result.length === 2 ? r.result : [];
  if (jump && typeof jump === 'object' && !Array.isArray(jump) && '_next_step' in jump) return { ...r, fdl_action: jump._next_step, result };
  return r;
}

// What gen_runner_method writes for main.fig's statements: initx, addx_all, foreach addx, verify1, verify2, add1_all,
// wait 10, foreach add1, verify3 (a function followed by a foreach hands over its keys; wait 10 answers fdl_wait and
// hands over the keys already there; the function after a foreach gets its values).
const METHODS = {
  _func_initx_0: (a) => checkGoTo({ fdl_action: '_func_addx_all_1', result: initx(a.result) }),
  _func_addx_all_1: (a) => {
    const [result, keys] = addxAll(a.result);
    if (keys.length === 0) return { fdl_action: '_func_verify1_3', fdl_foreach_values: [] };
    return checkGoTo({ fdl_action: '_foreach_addx_2', fdl_foreach_keys: keys, result });
  },
  _foreach_addx_2: (a) => checkGoTo({ fdl_action: '_func_verify1_3', fdl_value: addx(a.result, a.fdl_key), result: a.result }),
  _func_verify1_3: (a) => checkGoTo({ fdl_action: '_func_verify2_4', result: verify1(a.result, a.fdl_foreach_values) }),
  _func_verify2_4: (a) => checkGoTo({ fdl_action: '_func_add1_all_5', result: verify2(a.result) }),
  _func_add1_all_5: (a) => checkGoTo({ fdl_action: '_wait_10_6', result: add1All(a.result) }),
  _wait_10_6: (a) => {
    const keys = a.fdl_foreach_keys;
    if (keys.length === 0) return { fdl_action: '_func_verify3_8', fdl_foreach_values: [] };
    return checkGoTo({ fdl_action: '_foreach_add1_7', fdl_foreach_keys: keys, fdl_wait: 10, result: a.result });
  },
  _foreach_add1_7: (a) => checkGoTo({ fdl_action: '_func_verify3_8', fdl_value: add1(a.result, a.fdl_key), result: a.result }),
  _func_verify3_8: (a) => checkGoTo({ fdl_action: '_completed', result: verify3(a.result, a.fdl_foreach_values) }),
  _completed: () => ({ fdl_action: 'end' }),
};

export async function handler(event) {
  const args = JSON.parse(event);
  // fig_runner._handler: without a result yet, the input's own (non-fdl_) fields are the result.
  if (!('result' in args)) args.result = Object.fromEntries(Object.entries(args).filter(([k]) => !k.startsWith('fdl_')));
  // fig_utils.Handler.run
  const { fdl_action: action, ...rest } = args;
  const method = METHODS[action];
  if (action !== 'begin' && !method) throw new Error(`no method ${action}`);
  const r = action === 'begin' ? { fdl_action: '_func_initx_0' } : method(rest);
  if (!('fdl_wait' in r)) {
    r.fdl_wait = 0;
    if (!('fdl_action' in r)) throw new Error('fdl_action is missing');
  }
  return r;
}
