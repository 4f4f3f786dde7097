internal import FormcRuntime

/// The JavaScript evaluator of formc's JSON Logic profile, shared by every generated module
/// (`fees.mjs`, `validate.mjs`): the same code evaluates fees and form logic.
enum LogicRuntime {
    static let javascript = #"""
        function truthy(value) {
          return Array.isArray(value) ? value.length > 0 : Boolean(value);
        }

        /** The pointer (into the answers) a `var` path reads under a trace, or null when it reads no answer. */
        function readPointer(path, trace) {
          if (trace === null || trace.at === null) return null;
          if (trace.at !== '') return path === '' ? trace.at : trace.at + '/' + path.split('.').join('/');
          if (path === '') return null;
          const parts = path.split('.');
          if (parts[0] === '$today' || parts[0] === '$input') return null;
          if (parts[0] === '$items') {
            const item = trace.items[parts[1]];
            return item === undefined ? null : [item, ...parts.slice(2)].join('/');
          }
          return '/' + parts.join('/');
        }

        /** The trace for the items of a list that `var` read, or one that records nothing. */
        function itemsTrace(listLogic, trace) {
          const plain = listLogic !== null && typeof listLogic === 'object' && typeof listLogic.var === 'string';
          const base = trace === null || !plain ? null : readPointer(listLogic.var, trace);
          return (index) => (trace === null ? null : { ...trace, at: base === null ? null : base + '/' + index });
        }

        /**
         * Evaluates an expression of formc's JSON Logic profile (docs/formc-logic.md) against data.
         * Only the profile's operations are accepted. With a trace ({ at: '', items, present, missing }),
         * it records the answers it reads as JSON Pointers into the answers, missing (absent or null)
         * or present; a `var` with a default (`{"var": [path, null]}`) tests presence and is not recorded.
         */
        export function evaluateLogic(logic, data, trace = null) {
          if (Array.isArray(logic)) return logic.map((item) => evaluateLogic(item, data, trace));
          if (logic === null || typeof logic !== 'object') return logic;
          const keys = Object.keys(logic);
          if (keys.length !== 1) throw new Error('formc-logic: an operation has exactly one key');
          const op = keys[0];
          const args = Array.isArray(logic[op]) ? logic[op] : [logic[op]];
          switch (op) {
            case 'var': {
              let path = args[0] === null || args[0] === undefined ? '' : String(args[0]);
              let value = data;
              const keys = path === '' ? [] : path.split('.');
              // `….length` is a text's length in code points (no field is named length): the answer
              // read is the text.
              if (keys[keys.length - 1] === 'length') path = keys.slice(0, -1).join('.');
              for (let i = 0; i < keys.length; i++) {
                const key = keys[i];
                if (key === 'length' && i === keys.length - 1 && (typeof value === 'string' || Array.isArray(value))) {
                  value = typeof value === 'string' ? [...value].length : value.length;
                  break;
                }
                if (value === null || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, key)) {
                  value = null;
                  break;
                }
                value = value[key];
              }
              if (value === undefined) value = null;
              const pointer = args.length > 1 ? null : readPointer(path, trace);
              if (pointer !== null) (value === null ? trace.missing : trace.present).add(pointer);
              return value;
            }
            case 'if': {
              let i = 0;
              for (; i + 1 < args.length; i += 2) {
                if (truthy(evaluateLogic(args[i], data, trace))) return evaluateLogic(args[i + 1], data, trace);
              }
              return i < args.length ? evaluateLogic(args[i], data, trace) : null;
            }
            case 'and': {
              let value = null;
              for (const arg of args) {
                value = evaluateLogic(arg, data, trace);
                if (!truthy(value)) return value;
              }
              return value;
            }
            case 'or': {
              let value = null;
              for (const arg of args) {
                value = evaluateLogic(arg, data, trace);
                if (truthy(value)) return value;
              }
              return value;
            }
            case 'map': {
              const list = evaluateLogic(args[0], data, trace);
              const item = itemsTrace(args[0], trace);
              return Array.isArray(list) ? list.map((x, i) => evaluateLogic(args[1], x, item(i))) : [];
            }
            case 'filter': {
              const list = evaluateLogic(args[0], data, trace);
              const item = itemsTrace(args[0], trace);
              return Array.isArray(list) ? list.filter((x, i) => truthy(evaluateLogic(args[1], x, item(i)))) : [];
            }
            case 'reduce': {
              const list = evaluateLogic(args[0], data, trace);
              let accumulator = evaluateLogic(args[2], data, trace);
              if (!Array.isArray(list)) return accumulator;
              const inner = trace === null ? null : { ...trace, at: null };
              for (const current of list) accumulator = evaluateLogic(args[1], { current, accumulator }, inner);
              return accumulator;
            }
            default:
              break;
          }
          const v = args.map((arg) => evaluateLogic(arg, data, trace));
          switch (op) {
            case '===': return v[0] === v[1];
            case '!==': return v[0] !== v[1];
            case '!': return !truthy(v[0]);
            case '!!': return truthy(v[0]);
            case '<': return v[0] < v[1];
            case '<=': return v[0] <= v[1];
            case '>': return v[0] > v[1];
            case '>=': return v[0] >= v[1];
            case 'in': return Array.isArray(v[1]) ? v[1].includes(v[0]) : false;
            case '+': return v.reduce((sum, x) => sum + Number(x), 0);
            case '-': return v.length === 1 ? -Number(v[0]) : Number(v[0]) - Number(v[1]);
            case '*': return v.reduce((product, x) => product * Number(x), 1);
            case '%': return Number(v[0]) % Number(v[1]);
            case 'substr': {
              // JSON Logic's substr (a negative count stops that many before the end), over code points.
              const chars = [...String(v[0])];
              const n = chars.length;
              const from = v[1] < 0 ? Math.max(n + v[1], 0) : Math.min(v[1], n);
              const end = v.length < 3 ? n : v[2] < 0 ? Math.max(n + v[2], from) : Math.min(from + v[2], n);
              return chars.slice(from, end).join('');
            }
            default:
              throw new Error(`formc-logic: operation '${op}' is not in the profile`);
          }
        }

        """#
}

/// ECMAScript string literals for text that comes from specs: never able to end the string, the
/// module, or an HTML script element that inlines it.
enum JavaScript {
    static func string(_ text: String) -> String {
        FormcRuntime.JSON.quoted(text, forScripts: true)
    }

    /// A JSON value as an ECMAScript expression; strings escaped as above.
    static func literal(_ value: JSONValue) -> String {
        var out = ""
        appendLiteral(value, to: &out)
        return out
    }

    /// `literal(value)` written into `out` in place: the tables pages and fee modules carry are
    /// large, and joining a string for every array and object was most of their cost.
    private static func appendLiteral(_ value: JSONValue, to out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .integer(let i): out += String(i)
        case .number(let d): out += String(d)
        case .string(let s): FormcRuntime.JSON.appendQuoted(s, forScripts: true, to: &out)
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                appendLiteral(item, to: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (index, member) in members.enumerated() {
                if index > 0 { out += "," }
                FormcRuntime.JSON.appendQuoted(member.key, forScripts: true, to: &out)
                out += ":"
                appendLiteral(member.value, to: &out)
            }
            out += "}"
        }
    }
}
