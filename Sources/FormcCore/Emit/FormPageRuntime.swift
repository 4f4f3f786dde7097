extension FormPageEmitter {
    /// The page's behaviour, the same for every form: it reads the answers from the controls (typed as
    /// the form's JSON), shows and hides fields with the form's logic, fills computed fields, adds and
    /// removes repeat items, reports errors the way GOV.UK's design system does (title prefix, a
    /// focused summary linking each error to its field, the same text inline, `aria-invalid`), shows a
    /// check-answers step with the fee, and POSTs the submission stamped with the form's identity.
    ///
    /// Parts only some forms need sit between `//#if <feature>` and `//#endif` lines, and are left
    /// out of the pages of forms without that feature (`runtime(with:)`): every byte of `form.js`
    /// is downloaded by every citizen, on whatever connection they have.
    static let runtimeSource = #"""
        const page = document.getElementById('to-khai');
        const summary = document.getElementById('tom-tat-loi');
        const review = document.getElementById('kiem-tra');
        const baseTitle = document.title;
        const endpointMeta = document.querySelector('meta[name="formc-endpoint"]');

        let fixedToday = null;
        /** Today in Vietnam (UTC+7), the date the rules use (or the date a test fixes). */
        function today() {
          return fixedToday ?? new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);
        }
        function idOf(pointer) {
          return 'f' + pointer.split('/').join('-');
        }
        function byId(id) {
          return document.getElementById(id);
        }
        function wrapperOf(pointer) {
          return byId('w-' + idOf(pointer));
        }
        function shown(pointer) {
          const w = wrapperOf(pointer);
          for (let e = w; e; e = e.parentElement) if (e.hidden) return false;
          return true;
        }

        // MARK: Reading the answers from the controls

        function digitsOnly(text) {
          return text.replace(/[\s.\-]/g, '');
        }
        function readDate(id) {
          const d = byId(id).value.trim(), m = byId(id + '-thang').value.trim().replace(/^th[aá]ng\s*/i, ''), y = byId(id + '-nam').value.trim();
          if (d === '' && m === '' && y === '') return undefined;
          if (/^\d{1,2}$/.test(d) && /^\d{1,2}$/.test(m) && /^\d{4}$/.test(y)) return y + '-' + m.padStart(2, '0') + '-' + d.padStart(2, '0');
          return y + '-' + m + '-' + d;
        }
        function readValue(field, pointer) {
          const id = idOf(pointer);
          if (!shown(pointer)) return undefined;
          switch (field.kind) {
            case 'group': return readObject(field.fields, pointer);
            case 'repeat': {
              const items = wrapperOf(pointer).querySelector(':scope > .items').children;
              if (items.length === 0) return undefined;
              const list = [];
              for (let i = 0; i < items.length; i++) list.push(readObject(field.fields, pointer + '/' + i) ?? {});
              return list;
            }
            case 'boolean': {
              const checked = page.querySelector('input[name="' + id + '"]:checked');
              return checked ? checked.value === 'true' : undefined;
            }
            case 'choice': {
              if (field.widget === 'select') return byId(id).value || undefined;
              const checked = page.querySelector('input[name="' + id + '"]:checked');
              return checked ? checked.value : undefined;
            }
            case 'multi_choice': {
              const values = [...page.querySelectorAll('input[name="' + id + '"]:checked')].map((input) => input.value);
              return values.length ? values : undefined;
            }
            case 'date': return readDate(id);
            case 'address_vn': {
              const province = byId(id + '-province').value, commune = byId(id + '-commune').value, detail = byId(id + '-detail').value.trim();
              if (!province && !commune && !detail) return undefined;
              const value = {};
              if (province) value.province = province;
              if (commune) value.commune = commune;
              if (detail) value.detail = detail;
              return value;
            }
            case 'file': {
              const file = byId(id).files[0];
              return file ? { name: file.name, media_type: file.type, size: file.size } : undefined;
            }
            default: {
              const raw = byId(id).value;
              const text = raw.trim();
              if (text === '') return undefined;
              switch (field.kind) {
                case 'integer': case 'money_vnd': {
                  const n = field.kind === 'money_vnd' ? digitsOnly(text) : text.replace(/\s/g, '');
                  return /^-?\d+$/.test(n) && Number.isSafeInteger(Number(n)) ? Number(n) : text;
                }
                case 'cccd': case 'cmnd': case 'bhxh': return text.replace(/[\s\-]/g, '');
                case 'tax_code': return text.replace(/\s/g, '');
                case 'phone_vn': {
                  const n = text.replace(/[\s.\-()]/g, '');
                  return n.startsWith('+84') ? '0' + n.slice(3) : n;
                }
                case 'person_name': return raw.normalize('NFC');
                default: return raw;
              }
            }
          }
        }
        function readObject(fields, pointer) {
          const value = {};
          for (const field of fields) {
            const v = readValue(field, pointer + '/' + field.name);
            if (v !== undefined) value[field.name] = v;
          }
          return Object.keys(value).length ? value : undefined;
        }
        function answers() {
          return readObject(PAGE.fields, '') ?? {};
        }

        // MARK: Putting answers into the controls (to renumber repeat items, and for tests)

        function fillValue(field, pointer, value) {
          const id = idOf(pointer);
          switch (field.kind) {
            case 'group': {
              const include = byId(id + '-khai');
              if (include) { include.checked = value !== undefined && value !== null; byId(id + '-noi-dung').hidden = !include.checked; }
              fillObject(field.fields, pointer, value);
              return;
            }
            case 'repeat': {
              const w = wrapperOf(pointer), list = w.querySelector(':scope > .items');
              while (list.children.length) list.lastElementChild.remove();
              for (const item of Array.isArray(value) ? value : []) addItem(w, false);
              (Array.isArray(value) ? value : []).forEach((item, i) => fillObject(field.fields, pointer + '/' + i, item));
              updateAddButton(w);
              return;
            }
            case 'boolean': case 'choice': case 'multi_choice': {
              if (field.widget === 'select') { byId(id).value = value ?? ''; return; }
              const values = Array.isArray(value) ? value.map(String) : value === undefined || value === null ? [] : [String(value)];
              for (const input of page.querySelectorAll('input[name="' + id + '"]')) input.checked = values.includes(input.value);
              return;
            }
            case 'date': {
              const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value ?? '');
              byId(id).value = match ? match[3] : ''; byId(id + '-thang').value = match ? match[2] : ''; byId(id + '-nam').value = match ? match[1] : '';
              return;
            }
            case 'address_vn': {
              byId(id + '-province').value = value?.province ?? '';
              fillCommunes(byId(id + '-province'));
              byId(id + '-commune').value = value?.commune ?? '';
              byId(id + '-detail').value = value?.detail ?? '';
              return;
            }
            case 'file': return;  // a browser cannot set a file input from script
            default: byId(id).value = value === undefined || value === null ? '' : String(value);
          }
        }
        function fillObject(fields, pointer, value) {
          for (const field of fields) fillValue(field, pointer + '/' + field.name, value && typeof value === 'object' ? value[field.name] : undefined);
        }

        // MARK: Repeats, address pickers, logic

        function repeatField(pointer) {
          let fields = PAGE.fields, field = null;
          for (const name of pointer.split('/').slice(1)) {
            if (/^\d+$/.test(name)) continue;
            field = fields.find((f) => f.name === name);
            fields = field?.fields ?? [];
          }
          return field;
        }
        /** The field a pointer names, or the nearest field around it (`/dia_chi/commune` → the address). */
        function fieldAt(pointer) {
          let fields = PAGE.fields, found = null;
          for (const name of pointer.split('/').slice(1)) {
            if (/^\d+$/.test(name)) continue;
            const field = fields.find((f) => f.name === name);
            if (!field) break;
            found = field;
            fields = field.fields ?? [];
          }
          return found;
        }
        /** "Section – field" for the summary, so two fields with one label are told apart. */
        function labelAt(pointer) {
          const names = pointer.split('/').slice(1).filter((n) => !/^\d+$/.test(n));
          const section = PAGE.fields.find((f) => f.name === names[0]);
          const field = fieldAt(pointer);
          if (!field) return null;
          return section && section !== field ? section.label + ' – ' + field.label : field.label;
        }
        function updateAddButton(w) {
          const count = w.querySelector(':scope > .items').children.length;
          w.querySelector(':scope > button.add').hidden = count >= Number(w.dataset.max);
        }
        function addItem(w, focus) {
          const list = w.querySelector(':scope > .items');
          const index = list.children.length;
          if (index >= Number(w.dataset.max)) return;
          const level = w.dataset.level;
          const html = w.querySelector(':scope > template').innerHTML.split('__i' + level + '__').join(String(index)).split('__n' + level + '__').join(String(index + 1));
          list.insertAdjacentHTML('beforeend', html);
          updateAddButton(w);
          const item = list.lastElementChild;
          // A repeat inside the new item starts with its own minimum.
          for (const inner of item.querySelectorAll('fieldset.repeat')) {
            if (inner.parentElement.closest('fieldset.item') !== item) continue;
            for (let i = 0; i < Number(inner.dataset.min); i++) addItem(inner, false);
          }
          if (focus) item.querySelector('input, select, textarea')?.focus();
        }
        function removeItem(w, item) {
          const pointer = w.dataset.pointer, field = repeatField(pointer);
          const index = [...w.querySelector(':scope > .items').children].indexOf(item);
          const values = readValue(field, pointer) ?? [];
          values.splice(index, 1);
          fillValue(field, pointer, values);
          w.querySelector(':scope > button.add').focus();
        }
        function fillCommunes(select) {
          const commune = byId(select.id.replace(/-province$/, '-commune'));
          const units = PAGE.units[select.value] ?? [];
          commune.replaceChildren(new Option(units.length ? 'Chọn…' : 'Chọn tỉnh trước', ''), ...units.map(([code, name]) => new Option(name, code)));
        }
        function applyLogic() {
          const { fields } = LOGIC.evaluate(answers(), { today: today() });
          for (const [pointer, state] of Object.entries(fields)) {
            const w = wrapperOf(pointer);
            if (!w) continue;
            if (w.hidden === state.visible) w.hidden = !state.visible;
            if ('value' in state) {
              const input = byId(idOf(pointer));
              const text = state.value === null ? '' : String(state.value);
              if (input && 'value' in input && input.value !== text) input.value = text;
            }
          }
          updateEstimate(answers());
        }

        // MARK: Errors, in GOV.UK's manner

        /** A message in the language the citizen chose: English when shown and given. */
        function say(message) {
          return document.body.classList.contains('show-en') && message.en ? message.en : message.vi;
        }

        function clearErrors() {
          document.title = baseTitle;
          summary.hidden = true;
          summary.querySelector('ul').replaceChildren();
          for (const message of page.querySelectorAll('.error-message')) message.hidden = true;
          for (const control of page.querySelectorAll('[aria-invalid]')) control.removeAttribute('aria-invalid');
          for (const w of page.querySelectorAll('.invalid')) w.classList.remove('invalid');
        }
        /** The control an error at `pointer` belongs to: the field's own, or the first of the nearest enclosing field. */
        function controlFor(pointer) {
          for (let p = pointer; p !== ''; p = p.slice(0, p.lastIndexOf('/'))) {
            const own = byId(idOf(p));
            if (own && /^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(own.tagName)) return own;
            const w = wrapperOf(p);
            const first = w?.querySelector('input, select, textarea');
            if (first) return first;
          }
          return page.querySelector('input, select, textarea');
        }
        function showErrors(errors) {
          clearErrors();
          document.title = 'Lỗi: ' + baseTitle;
          const list = summary.querySelector('ul');
          list.replaceChildren();
          for (const error of errors) {
            const control = error.control ?? controlFor(error.path);
            const link = document.createElement('a');
            link.href = '#' + (control?.id ?? 'to-khai');
            // The summary names the field; the message at the field does not need to.
            const label = error.control ? null : labelAt(error.path);
            link.textContent = label ? label + ': ' + say(error.message) : say(error.message);
            link.dataset.path = error.path;
            link.dataset.rule = error.rule;
            link.addEventListener('click', (event) => { event.preventDefault(); control?.focus(); });
            const li = document.createElement('li');
            li.append(link);
            list.append(li);
            if (!control) continue;
            control.setAttribute('aria-invalid', 'true');
            const inline = (error.control ? null : byId(idOf(error.path) + '-error')) ?? control.closest('[id^="w-"]')?.querySelector('.error-message');
            if (inline) {
              const text = inline.querySelector('.text');
              text.textContent = inline.hidden ? say(error.message) : text.textContent + '; ' + say(error.message);
              inline.hidden = false;
              const described = new Set((control.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean));
              described.add(inline.id);
              control.setAttribute('aria-describedby', [...described].join(' '));
            }
            control.closest('[id^="w-"]')?.classList.add('invalid');
          }
          summary.hidden = false;
          summary.focus();
        }

        // MARK: Check answers, fee, submission

        function display(field, value) {
          switch (field.kind) {
            case 'boolean': return value ? 'Có' : 'Không';
            case 'choice': return field.options?.[value] ?? String(value);
            case 'multi_choice': return value.map((v) => field.options?.[v] ?? v).join(', ');
            case 'date': { const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value); return m ? m[3] + '/' + m[2] + '/' + m[1] : value; }
            case 'address_vn': {
              const units = PAGE.units[value.province] ?? [];
              const commune = units.find(([code]) => code === value.commune)?.[1] ?? value.commune;
              const province = PAGE.provinces[value.province] ?? value.province;
              return [value.detail, commune, province].filter(Boolean).join(', ');
            }
            case 'file': return value.name;
            case 'money_vnd': return Number(value).toLocaleString('vi-VN') + ' đồng';
            default: return String(value);
          }
        }
        function reviewRows(fields, pointer, value, rows) {
          for (const field of fields) {
            const p = pointer + '/' + field.name;
            if (!shown(p)) continue;
            const v = value?.[field.name];
            if (field.kind === 'group') { reviewRows(field.fields, p, v, rows); continue; }
            if (field.kind === 'repeat') {
              (v ?? []).forEach((item, i) => reviewRows(field.fields, p + '/' + i, item, rows));
              continue;
            }
            const items = (p.match(/\/\d+(?=\/)/g) ?? []).map((n) => Number(n.slice(1)) + 1);
            rows.push([field.label + (items.length ? ' (mục ' + items.join('.') + ')' : ''), v === undefined ? 'Không cung cấp' : display(field, v), p]);
          }
        }
        /** The answers the citizen checked: what "Gửi" sends. */
        let reviewed = null;
        function showReview(current) {
          reviewed = current;
          const container = review.querySelector('.answers');
          container.replaceChildren();
          for (const section of PAGE.fields) {
            const rows = [];
            reviewRows([section], '', current, rows);
            if (rows.length === 0) continue;
            const heading = document.createElement('h3');
            heading.textContent = section.label;
            const list = document.createElement('dl');
            container.append(heading, list);
            appendRows(list, rows);
          }
          reviewFee(current);
          page.hidden = true;
          review.hidden = false;
          review.focus();
        }
        function appendRows(list, rows) {
          for (const [label, text, pointer] of rows) {
            const dt = document.createElement('dt'); dt.textContent = label;
            const dd = document.createElement('dd'); dd.textContent = text;
            const change = document.createElement('dd');
            const link = document.createElement('a');
            const control = controlFor(pointer);
            link.href = '#' + (control?.id ?? 'to-khai');
            link.append('Thay đổi');
            const hidden = document.createElement('span'); hidden.className = 'visually-hidden'; hidden.textContent = ' ' + label;
            link.append(hidden);
            link.addEventListener('click', (event) => { event.preventDefault(); review.hidden = true; page.hidden = false; control?.focus(); });
            const locked = wrapperOf(pointer)?.dataset.prefill === 'locked';
            // A value locked to its source is corrected at the source, not here.
            if (locked) change.textContent = 'Lấy từ ' + fieldAt(pointer).prefill.held_by.vi;
            else change.append(link);
            list.append(dt, dd, change);
          }
        }
        /** The case: this document's only one, or the one the citizen picked (null until then). */
        function chosenCase() {
          return PAGE.case ?? page.querySelector('input[name="truong-hop"]:checked')?.value ?? null;
        }
        function chosenCategories() {
          return [...page.querySelectorAll('input[name="doi-tuong"]:checked')].map((input) => input.value);
        }
        /** The fee as the answers stand: fees.mjs's breakdown, or null (no fees, or no case picked yet). */
        function feeFor(current) {
          if (FEES === null || chosenCase() === null) return null;
          try {
            // A combined declaration's fee module takes the combined answers themselves.
            const answers = PAGE.bundle ? current : { [PAGE.document]: current };
            return FEES.computeFees({ caseId: chosenCase(), channel: PAGE.channel, on: today(), categories: chosenCategories(), answers });
          } catch (error) {
            return null;
          }
        }
        function money(amount) {
          return amount.toLocaleString('vi-VN') + ' đồng';
        }
        /** The fee in a sentence for the citizen: the amount, or what is still needed to know it. */
        function feeSentence(breakdown) {
          if (breakdown === null) return 'Chọn trường hợp của bạn để biết số tiền phải nộp.';
          const inside = (p) => (PAGE.bundle ? p : p.slice(PAGE.document.length + 1));
          const fields = (pointers) => [...new Set(pointers.map((p) => labelAt(inside(p)) ?? null).filter(Boolean))].map((l) => '«' + l + '»').join(', ');
          switch (breakdown.status) {
            case 'known': return breakdown.total === 0 ? 'Không phải nộp phí, lệ phí.' : 'Số tiền phải nộp: ' + money(breakdown.total) + '.';
            case 'unknown': {
              const needed = fields(breakdown.missing);
              return 'Chưa tính được số tiền phải nộp' + (needed ? ': cần khai ' + needed + '.' : '; cơ quan sẽ thông báo khi tiếp nhận hồ sơ.');
            }
            default: {
              const wrong = fields(breakdown.errors.map((e) => e.path));
              return 'Chưa tính được số tiền phải nộp' + (wrong ? ': cần sửa ' + wrong + '.' : ': có thông tin chưa hợp lệ.');
            }
          }
        }
        const estimate = byId('phi-du-kien');
        function updateEstimate(current) {
          if (!estimate) return;
          const breakdown = feeFor(current);
          const text = feeSentence(breakdown);
          if (estimate.textContent !== text) estimate.textContent = text;
          estimate.dataset.status = breakdown?.status ?? 'no-case';
          estimate.dataset.total = breakdown?.status === 'known' ? String(breakdown.total) : '';
        }
        function reviewFee(current) {
          const fee = review.querySelector('.fee');
          fee.hidden = FEES === null;
          if (FEES !== null) {
            const body = fee.querySelector('tbody');
            body.replaceChildren();
            const breakdown = feeFor(current);
            for (const line of breakdown?.items ?? []) {
              const tr = document.createElement('tr');
              const name = document.createElement('td'); name.textContent = line.name.vi;
              const amount = document.createElement('td');
              amount.textContent = line.amount === null ? 'chưa tính được' : line.exempted_by ? 'miễn (' + (PAGE.categories[line.exempted_by] ?? 'theo thông tin đã khai') + ')' : money(line.amount);
              tr.append(name, amount);
              body.append(tr);
            }
            const total = fee.querySelector('.fee-total');
            total.textContent = breakdown?.status === 'known' ? 'Tổng cộng: ' + money(breakdown.total) : feeSentence(breakdown);
            total.dataset.status = breakdown?.status ?? 'no-case';
            total.dataset.total = breakdown?.status === 'known' ? String(breakdown.total) : '';
          }
        }
        /** The paper form filled with the answers being checked, printed in place of the page. */
        async function printAnswers() {
          if (!window.formcPrintout) {
            await new Promise((resolve, reject) => {
              const script = document.createElement('script');
              script.src = PAGE.printout;
              script.onload = resolve;
              script.onerror = reject;
              document.head.append(script);
            });
          }
          const html = window.formcPrintout.renderPrintout(reviewed, { signedOn: today() });
          byId('ban-in').innerHTML = html.slice(html.indexOf('<main>') + '<main>'.length, html.lastIndexOf('</main>'));
          document.body.classList.add('printing');
          window.print();
        }
        async function send() {
          const result = review.querySelector('.result');
          const body = JSON.stringify({
            procedure: PAGE.procedure, case: chosenCase(), categories: chosenCategories(), document: PAGE.document,
            ...(PAGE.bundle ? { bundle: PAGE.bundle } : {}),
            form: VALIDATE.form, version: VALIDATE.version, hash: VALIDATE.hash, answers: reviewed,
            ...(prefilledPointers.length ? { prefilled: prefilledPointers } : {}),
          });
          try {
            const response = await fetch(endpointMeta?.content ?? '/submissions', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
            result.textContent = response.ok ? 'Đã gửi hồ sơ.' : 'Chưa gửi được hồ sơ (mã ' + response.status + '). Vui lòng thử lại.';
          } catch (error) {
            result.textContent = 'Chưa gửi được hồ sơ: không kết nối được với máy chủ. Vui lòng thử lại.';
          }
        }

        // MARK: Data the state already holds (docs/data-reuse.md)

        /** What the portal hands the page for this citizen, { identity: { ho_ten: … } }, once given. */
        let prefillSources = null;
        const prefilledPointers = [];
        //#if prefill
        function ownValue(object, key) {
          return object !== null && typeof object === 'object' && Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
        }
        /** Every field with a prefill binding and its pointer (a binding is never inside a repeat). */
        function boundFields(fields, pointer, out) {
          for (const field of fields) {
            const p = pointer + '/' + field.name;
            if (field.prefill) out.push([field, p]);
            if (field.kind === 'group') boundFields(field.fields, p, out);
          }
          return out;
        }
        /** Fills in what the sources hold: locked values cannot be changed here (the note says where
         * to correct them), review values are marked until the citizen confirms them. */
        function applyPrefill(sources) {
          prefillSources = sources !== null && typeof sources === 'object' ? sources : null;
          for (const [field, pointer] of boundFields(PAGE.fields, '', [])) {
            const held = field.prefill.attribute.split('.').reduce(ownValue, ownValue(prefillSources, field.prefill.source));
            if (held === undefined || held === null || prefilledPointers.includes(pointer)) continue;
            const w = wrapperOf(pointer), id = idOf(pointer), mode = field.prefill.mode;
            // An optional section holding a filled-in answer is included.
            const included = w.closest('.included');
            if (included?.hidden) { included.hidden = false; byId(included.id.replace(/-noi-dung$/, '-khai')).checked = true; }
            fillValue(field, pointer, held);
            prefilledPointers.push(pointer);
            w.dataset.prefill = mode;
            const note = document.createElement('div');
            note.className = 'hint prefill-note';
            note.id = id + '-nguon';
            const from = field.prefill.held_by.vi;
            note.textContent = mode === 'locked'
              ? 'Thông tin lấy từ ' + from + ', không sửa được tại đây. ' + (field.prefill.correction?.vi ?? '')
              : mode === 'review' ? 'Điền sẵn từ ' + from + '. Kiểm tra lại, rồi đánh dấu xác nhận hoặc sửa cho đúng.'
              : 'Điền sẵn từ ' + from + '. Bạn có thể sửa nếu chưa đúng.';
            (w.querySelector(':scope > .hint') ?? w.querySelector(':scope > label, :scope > legend')).after(note);
            const controls = [...w.querySelectorAll('input, select, textarea')];
            for (const control of [w.tagName === 'FIELDSET' ? w : null, ...controls].filter(Boolean)) {
              if (control.tagName === 'FIELDSET' && control.classList.contains('date')) continue;
              const described = new Set((control.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean));
              described.add(note.id);
              control.setAttribute('aria-describedby', [...described].join(' '));
            }
            if (mode === 'locked') {
              for (const control of controls) {
                if (control.type === 'radio' || control.type === 'checkbox') control.disabled = !control.checked;
                else if (control.tagName === 'SELECT') for (const option of control.options) option.disabled = !option.selected;
                else control.readOnly = true;
              }
            } else if (mode === 'review') {
              w.classList.add('needs-review');
              const confirm = document.createElement('div');
              confirm.className = 'choice confirm';
              confirm.innerHTML = '<input type="checkbox" class="confirm" id="' + id + '-xac-nhan"><label for="' + id + '-xac-nhan">Tôi đã kiểm tra, thông tin này đúng</label>';
              note.after(confirm);
              confirm.firstChild.addEventListener('change', (event) => w.classList.toggle('needs-review', !event.target.checked));
            }
          }
          applyLogic();
        }
        //#endif

        // MARK: Wiring

        page.addEventListener('input', applyLogic);
        page.addEventListener('change', (event) => {
          if (event.target.classList?.contains('province')) fillCommunes(event.target);
          if (event.target.classList?.contains('include')) byId(event.target.getAttribute('aria-controls')).hidden = !event.target.checked;
          applyLogic();
        });
        page.addEventListener('click', (event) => {
          const button = event.target.closest('button');
          if (!button) return;
          const w = button.closest('fieldset.repeat');
          if (button.classList.contains('add')) { addItem(w, true); applyLogic(); }
          if (button.classList.contains('remove')) { removeItem(w, button.closest('fieldset.item')); applyLogic(); }
        });
        page.addEventListener('submit', (event) => {
          event.preventDefault();
          applyLogic();
          const current = answers();
          const result = VALIDATE.validate(current, { today: today(), prefill: prefillSources ?? undefined });
          const errors = [...result.errors];
          // Filled-in answers to be confirmed: each one the citizen has not confirmed (and still sees).
          for (const w of page.querySelectorAll('[data-prefill="review"].needs-review')) {
            if (!shown(w.dataset.pointer)) continue;
            const label = fieldAt(w.dataset.pointer).label;
            errors.push({ path: w.dataset.pointer, rule: 'prefill_review', control: byId(w.id.slice(2) + '-xac-nhan'),
              message: { vi: 'Kiểm tra «' + label + '» đã điền sẵn và đánh dấu xác nhận, hoặc sửa lại cho đúng', en: 'Check the filled-in «' + label + '» and confirm it, or correct it' } });
          }
          if (PAGE.cases && chosenCase() === null) {
            errors.push({ path: '', rule: 'case', control: byId('truong-hop'), message: { vi: 'Chọn trường hợp của bạn', en: 'Choose which case applies to you' } });
          }
          if (errors.length) { showErrors(errors); return; }
          clearErrors();
          showReview(current);
        });
        byId('ngon-ngu')?.addEventListener('click', (event) => {
          const on = document.body.classList.toggle('show-en');
          event.target.setAttribute('aria-pressed', String(on));
          event.target.textContent = on ? 'Hide English' : 'Show English';
        });
        byId('in')?.addEventListener('click', () => printAnswers().catch(() => { review.querySelector('.result').textContent = 'Chưa in được bản khai. Vui lòng thử lại.'; }));
        byId('sua').addEventListener('click', () => { document.body.classList.remove('printing'); review.hidden = true; page.hidden = false; page.querySelector('input, select, textarea')?.focus(); });
        byId('gui').addEventListener('click', send);
        for (const w of page.querySelectorAll('fieldset.repeat')) {
          for (let i = 0; i < Number(w.dataset.min); i++) addItem(w, false);
          updateAddButton(w);
        }
        applyLogic();
        //#if prefill
        // The portal may write what the sources hold into the page itself (docs/data-reuse.md).
        const given = document.getElementById('formc-prefill');
        if (given) {
          try { applyPrefill(JSON.parse(given.textContent)); } catch (error) { /* unreadable: nothing is filled in */ }
        }
        //#endif

        /** For tests and for pages that prefill: read and write the answers through the controls. */
        window.formcPage = {
          answers,
          fill(value) { fillObject(PAGE.fields, '', value); applyLogic(); },
          //#if prefill
          /** Fills in what the data sources hold for this citizen: { identity: { ho_ten: … } }. */
          prefill(sources) { applyPrefill(sources); },
          //#endif
          submit() { page.requestSubmit(); },
          errors() { return [...summary.querySelectorAll('a')].map((a) => ({ path: a.dataset.path, rule: a.dataset.rule })); },
          reviewing() { return !review.hidden; },
          setToday(date) { fixedToday = date; },
        };

        """#

    /// What a page can do that not every form needs: filling in what the state holds (a field with
    /// a `prefill:` binding).
    enum RuntimeFeature: String, CaseIterable {
        case prefill
    }

    /// The behaviour with the parts for `features` and without the others (and without the markers).
    static func runtime(with features: Set<RuntimeFeature>) -> String {
        var out: [Substring] = []
        var leaving: String?
        for line in runtimeSource.split(separator: "\n", omittingEmptySubsequences: false) {
            let marker = line.drop { $0 == " " }
            if marker.hasPrefix("//#if ") {
                let name = String(marker.dropFirst("//#if ".count))
                precondition(RuntimeFeature(rawValue: name) != nil && leaving == nil, "page runtime: unknown or nested feature \(name)")
                if !features.contains(RuntimeFeature(rawValue: name)!) { leaving = name }
                continue
            }
            if marker == "//#endif" { leaving = nil; continue }
            if leaving == nil { out.append(line) }
        }
        return FormPageEmitter.compacted(out).joined(separator: "\n") + "\n"
    }

    /// The runtime for each set of features, made once.
    static let runtimes: [Set<RuntimeFeature>: String] = {
        let all = RuntimeFeature.allCases
        var table: [Set<RuntimeFeature>: String] = [:]
        for mask in 0..<(1 << all.count) {
            let features = Set(all.indices.filter { mask & (1 << $0) != 0 }.map { all[$0] })
            table[features] = runtime(with: features)
        }
        return table
    }()
}
