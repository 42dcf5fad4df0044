<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
    <context>
        <name>AnalyticsPage</name>
        <message>
            <source>Loading…</source>
            <translation>正在读取…</translation>
        </message>
        <message>
            <source>The figures could not be read: %1</source>
            <translation>无法读取统计数据：%1</translation>
        </message>
        <message>
            <source>%1 · computed %2</source>
            <translation>%1 · %2 计算</translation>
        </message>
        <message>
            <source>All time</source>
            <translation>全部时间</translation>
        </message>
        <message>
            <source>Weakest sections (average %)</source>
            <translation>得分率最低的部分（平均 %）</translation>
        </message>
        <message>
            <source>Open</source>
            <translation>待整改</translation>
        </message>
        <message>
            <source>Rectifying</source>
            <translation>整改中</translation>
        </message>
        <message>
            <source>Submitted</source>
            <translation>已提交</translation>
        </message>
        <message>
            <source>Verified</source>
            <translation>已验证</translation>
        </message>
        <message>
            <source>Rejected</source>
            <translation>已驳回</translation>
        </message>
        <message>
            <source>Findings by status</source>
            <translation>问题按状态分布</translation>
        </message>
        <message>
            <source>Median wait by hour of day (minutes)</source>
            <translation>各时段等候时间中位数（分钟）</translation>
        </message>
        <message>
            <source>Bank</source>
            <translation>全行</translation>
        </message>
        <message>
            <source>Mean score by period</source>
            <translation>各期平均分</translation>
        </message>
        <message>
            <source>Greeting</source>
            <translation>迎候</translation>
        </message>
        <message>
            <source>Wait</source>
            <translation>等候</translation>
        </message>
        <message>
            <source>Handling</source>
            <translation>办理</translation>
        </message>
        <message>
            <source>&lt;b&gt;%1&lt;/b&gt;: median %2 s, p90 %3 s, %4 over the limit (%5 visits)</source>
            <translation>&lt;b&gt;%1&lt;/b&gt;：中位数 %2 秒，p90 %3 秒，超时占比 %4（%5 次暗访）</translation>
        </message>
        <message>
            <source>No mystery visit with timings matches.</source>
            <translation>没有符合条件且带计时的暗访。</translation>
        </message>
        <message>
            <source>Leniency: score points an inspector gives above (+) or below (−) the others at the same branches, with its %1% interval (bar: −10 … +10, dashed line at 0). Flagged only when the whole interval is on one side.</source>
            <translation>宽严指数：检查员在相同网点给分比其他检查员高（+）或低（−）的分数，附 %1% 置信区间（横条范围 −10 … +10，虚线为 0）。仅当整个区间位于一侧时才标记。</translation>
        </message>
        <message>
            <source>Analytics</source>
            <translation>统计分析</translation>
        </message>
        <message>
            <source>Inspections</source>
            <translation>检查次数</translation>
        </message>
        <message>
            <source>Branches inspected</source>
            <translation>受检网点</translation>
        </message>
        <message>
            <source>Mean score, change</source>
            <translation>平均分及变化</translation>
        </message>
        <message>
            <source>With veto items</source>
            <translation>触发否决项</translation>
        </message>
        <message>
            <source>Open findings</source>
            <translation>未关闭问题</translation>
        </message>
        <message>
            <source>Overdue findings</source>
            <translation>逾期问题</translation>
        </message>
        <message>
            <source>Branch ranking (double-click: its inspections)</source>
            <translation>网点排名（双击查看其检查）</translation>
        </message>
        <message>
            <source>Regions and sub-branches (double-click a region: its branches)</source>
            <translation>分行与支行汇总（双击分行查看其网点）</translation>
        </message>
        <message>
            <source>Weakest items</source>
            <translation>最薄弱检查项</translation>
        </message>
        <message>
            <source>Repeat findings</source>
            <translation>重复问题</translation>
        </message>
        <message>
            <source>Inspections of the branch (double-click to open)</source>
            <translation>该网点的检查（双击打开）</translation>
        </message>
        <message>
            <source>Overview</source>
            <translation>概览</translation>
        </message>
        <message>
            <source>Trends</source>
            <translation>趋势</translation>
        </message>
        <message>
            <source>Items</source>
            <translation>检查项</translation>
        </message>
        <message>
            <source>Rectification</source>
            <translation>整改</translation>
        </message>
        <message>
            <source>Mystery timings</source>
            <translation>暗访计时</translation>
        </message>
        <message>
            <source>Calibration</source>
            <translation>检查员校准</translation>
        </message>
    </context>
    <context>
        <name>AttachmentInput</name>
        <message>
            <source>Sign…</source>
            <translation>签名…</translation>
        </message>
        <message numerus="yes">
            <source>%n attached</source>
            <translation>
                <numerusform>已附 %n 个</numerusform>
            </translation>
        </message>
        <message>
            <source>Not signed yet</source>
            <translation>尚未签名</translation>
        </message>
        <message>
            <source>Drop photos here, paste (Ctrl+V) or add (Ctrl+Shift+P)</source>
            <translation>将照片拖到此处、粘贴（Ctrl+V）或添加（Ctrl+Shift+P）</translation>
        </message>
    </context>
    <context>
        <name>AuditDialog</name>
        <message numerus="yes">
            <source>%n change(s)</source>
            <translation>
                <numerusform>%n 条变更</numerusform>
            </translation>
        </message>
        <message>
            <source>%1 of %2 shown</source>
            <translation>显示 %1 / %2 条</translation>
        </message>
        <message>
            <source>Export the audit trail</source>
            <translation>导出审计记录</translation>
        </message>
        <message>
            <source>Excel workbooks (*.xlsx);;All files (*)</source>
            <translation>Excel 工作簿 (*.xlsx);;所有文件 (*)</translation>
        </message>
        <message>
            <source>Audit trail: %1</source>
            <translation>审计记录：%1</translation>
        </message>
        <message>
            <source>Exporting…</source>
            <translation>正在导出…</translation>
        </message>
        <message>
            <source>Wrote %1</source>
            <translation>已写入 %1</translation>
        </message>
        <message>
            <source>Cannot export</source>
            <translation>无法导出</translation>
        </message>
        <message>
            <source>Filter: actor, device, item, value, reason…</source>
            <translation>筛选：操作人、设备、检查项、取值、原因…</translation>
        </message>
        <message>
            <source>Export XLSX…</source>
            <translation>导出 XLSX…</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>关闭</translation>
        </message>
    </context>
    <context>
        <name>AuditEntry</name>
        <message>
            <source>Audit trail…</source>
            <translation>审计记录…</translation>
        </message>
        <message>
            <source>Revisions…</source>
            <translation>修订版本…</translation>
        </message>
    </context>
    <context>
        <name>AuditModel</name>
        <message>
            <source>Time</source>
            <translation>时间</translation>
        </message>
        <message>
            <source>Actor</source>
            <translation>操作人</translation>
        </message>
        <message>
            <source>Role</source>
            <translation>角色</translation>
        </message>
        <message>
            <source>Device</source>
            <translation>设备</translation>
        </message>
        <message>
            <source>Field</source>
            <translation>字段</translation>
        </message>
        <message>
            <source>Old → new</source>
            <translation>原值 → 新值</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>原因</translation>
        </message>
        <message>
            <source>Revision</source>
            <translation>修订版本</translation>
        </message>
        <message>
            <source>this device</source>
            <translation>本机</translation>
        </message>
    </context>
    <context>
        <name>BranchDialog</name>
        <message>
            <source>Edit branch</source>
            <translation>编辑网点</translation>
        </message>
        <message>
            <source>New branch</source>
            <translation>新建网点</translation>
        </message>
        <message>
            <source>Code:</source>
            <translation>网点编号：</translation>
        </message>
        <message>
            <source>Name:</source>
            <translation>姓名：</translation>
        </message>
        <message>
            <source>Region:</source>
            <translation>所属分行：</translation>
        </message>
        <message>
            <source>Sub-branch:</source>
            <translation>所属支行：</translation>
        </message>
        <message>
            <source>Address:</source>
            <translation>地址：</translation>
        </message>
        <message>
            <source>Manager:</source>
            <translation>网点负责人：</translation>
        </message>
        <message>
            <source>Phone:</source>
            <translation>电话：</translation>
        </message>
        <message>
            <source>the bank's own branch number</source>
            <translation>银行内部的网点编号</translation>
        </message>
        <message>
            <source>Active (offered for new inspections)</source>
            <translation>启用（新建检查时可选）</translation>
        </message>
    </context>
    <context>
        <name>BranchesModel</name>
        <message>
            <source>Yes</source>
            <translation>是</translation>
        </message>
        <message>
            <source>No</source>
            <translation>否</translation>
        </message>
        <message>
            <source>Previous inspection: %1</source>
            <translation>上次检查：%1</translation>
        </message>
        <message>
            <source>Code</source>
            <translation>网点编号</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>网点名称</translation>
        </message>
        <message>
            <source>Region</source>
            <translation>所属分行</translation>
        </message>
        <message>
            <source>Sub-branch</source>
            <translation>所属支行</translation>
        </message>
        <message>
            <source>Manager</source>
            <translation>网点负责人</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>电话</translation>
        </message>
        <message>
            <source>Active</source>
            <translation>启用</translation>
        </message>
        <message>
            <source>Last score</source>
            <translation>最近得分</translation>
        </message>
        <message>
            <source>Grade</source>
            <translation>等级</translation>
        </message>
        <message>
            <source>Trend</source>
            <translation>趋势</translation>
        </message>
        <message>
            <source>Open findings</source>
            <translation>未关闭问题</translation>
        </message>
        <message>
            <source>Overdue</source>
            <translation>逾期</translation>
        </message>
    </context>
    <context>
        <name>BranchesPage</name>
        <message>
            <source>Branch %1 has no open findings: there is nothing to re-check.</source>
            <translation>网点 %1 没有未销号的问题，无需复查。</translation>
        </message>
        <message>
            <source>Re-check open findings</source>
            <translation>复查未销号问题</translation>
        </message>
        <message>
            <source>Start a re-check visit (复查) of the selected branch: one item per open finding; a pass closes the finding once the lead approves the visit.</source>
            <translation>对所选网点发起复查：每个未销号问题一项；组长审核通过本次复查后，通过的问题即销号。</translation>
        </message>
        <message>
            <source>%1 branches, %2 active</source>
            <translation>共 %1 个网点，%2 个启用</translation>
        </message>
        <message>
            <source>Saved branch %1 %2</source>
            <translation>已保存网点 %1 %2</translation>
        </message>
        <message>
            <source>Import branches</source>
            <translation>导入网点</translation>
        </message>
        <message>
            <source>Branch lists (*.csv *.xlsx *.xlsm);;All files (*)</source>
            <translation>网点清单 (*.csv *.xlsx *.xlsm);;所有文件 (*)</translation>
        </message>
        <message>
            <source>Checking %1</source>
            <translation>正在检查 %1</translation>
        </message>
        <message>
            <source>Importing %1</source>
            <translation>正在导入 %1</translation>
        </message>
        <message>
            <source>Importing branches</source>
            <translation>正在导入网点</translation>
        </message>
        <message>
            <source>Imported %1: %2 new, %3 updated, %4 unchanged.</source>
            <translation>已导入 %1：新增 %2 个，更新 %3 个，未变 %4 个。</translation>
        </message>
        <message>
            <source>Code</source>
            <translation>网点编号</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>名称</translation>
        </message>
        <message>
            <source>Region</source>
            <translation>所属分行</translation>
        </message>
        <message>
            <source>Sub-branch</source>
            <translation>所属支行</translation>
        </message>
        <message>
            <source>Address</source>
            <translation>地址</translation>
        </message>
        <message>
            <source>Manager</source>
            <translation>网点负责人</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>电话</translation>
        </message>
        <message>
            <source>Active</source>
            <translation>启用</translation>
        </message>
        <message numerus="yes">
            <source>%1 was not imported: %n problem(s). Nothing was changed.</source>
            <translation>
                <numerusform>%1 未导入：发现 %n 个问题。未做任何更改。</numerusform>
            </translation>
        </message>
        <message>
            <source>Import cancelled. Nothing was changed.</source>
            <translation>导入已取消，未做任何更改。</translation>
        </message>
        <message>
            <source>Branches</source>
            <translation>网点</translation>
        </message>
        <message>
            <source>Search code, name, region, manager…</source>
            <translation>搜索编号、名称、分行、负责人…</translation>
        </message>
        <message>
            <source>New branch…</source>
            <translation>新建网点…</translation>
        </message>
        <message>
            <source>Edit…</source>
            <translation>编辑…</translation>
        </message>
        <message>
            <source>Import CSV/XLSX…</source>
            <translation>导入 CSV/XLSX…</translation>
        </message>
        <message>
            <source>Columns: code, name, region, sub_branch, address, manager, phone, active (English or Chinese headers). A file with any bad row changes nothing.</source>
            <translation>列：code、name、region、sub_branch、address、manager、phone、active（表头可用中文或英文）。文件中只要有一行有误，就不做任何更改。</translation>
        </message>
    </context>
    <context>
        <name>CalibrationModel</name>
        <message>
            <source>Lenient</source>
            <translation>偏宽</translation>
        </message>
        <message>
            <source>Strict</source>
            <translation>偏严</translation>
        </message>
        <message>
            <source>In line</source>
            <translation>正常</translation>
        </message>
        <message>
            <source>Not enough data</source>
            <translation>数据不足</translation>
        </message>
        <message>
            <source>Inspector</source>
            <translation>检查员</translation>
        </message>
        <message>
            <source>Leniency</source>
            <translation>宽严指数</translation>
        </message>
        <message>
            <source>Interval</source>
            <translation>置信区间</translation>
        </message>
        <message>
            <source>Inspections</source>
            <translation>检查次数</translation>
        </message>
        <message>
            <source>Flag</source>
            <translation>标记</translation>
        </message>
    </context>
    <context>
        <name>ChangesModel</name>
        <message>
            <source>Item</source>
            <translation>检查项</translation>
        </message>
        <message>
            <source>Field</source>
            <translation>字段</translation>
        </message>
        <message>
            <source>Before</source>
            <translation>修改前</translation>
        </message>
        <message>
            <source>After</source>
            <translation>修改后</translation>
        </message>
        <message>
            <source>Revision</source>
            <translation>修订版本</translation>
        </message>
        <message>
            <source>By</source>
            <translation>修改人</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>时间</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>原因</translation>
        </message>
        <message>
            <source>header</source>
            <translation>表头信息</translation>
        </message>
    </context>
    <context>
        <name>ChecksInput</name>
        <message>
            <source>%1 pts</source>
            <translation>%1 分</translation>
        </message>
        <message>
            <source>1–%1 fail a check · Y the rest pass</source>
            <translation>1–%1 判该项不合格 · Y 其余合格</translation>
        </message>
        <message>
            <source>N/A  0</source>
            <translation>不适用  0</translation>
        </message>
        <message>
            <source>veto</source>
            <translation>否决</translation>
        </message>
    </context>
    <context>
        <name>ChoiceInput</name>
        <message>
            <source>N/A  0</source>
            <translation>不适用  0</translation>
        </message>
    </context>
    <context>
        <name>ConflictsModel</name>
        <message>
            <source>Inspector's data</source>
            <translation>检查员数据</translation>
        </message>
        <message>
            <source>Review decision</source>
            <translation>审核结论</translation>
        </message>
        <message>
            <source>Finding</source>
            <translation>问题</translation>
        </message>
        <message>
            <source>Branch</source>
            <translation>网点</translation>
        </message>
        <message>
            <source>Conflict</source>
            <translation>冲突</translation>
        </message>
        <message>
            <source>Record</source>
            <translation>记录</translation>
        </message>
        <message>
            <source>Revision</source>
            <translation>修订版本</translation>
        </message>
        <message>
            <source>Met</source>
            <translation>发现时间</translation>
        </message>
        <message>
            <source>From</source>
            <translation>从</translation>
        </message>
        <message>
            <source>Customer feedback</source>
            <translation>客户意见</translation>
        </message>
    </context>
    <context>
        <name>ConflictsPanel</name>
        <message>
            <source>Select a conflict to see what differs.</source>
            <translation>选择一条冲突，查看差异。</translation>
        </message>
        <message>
            <source>Stored → incoming:</source>
            <translation>已存 → 传入：</translation>
        </message>
        <message>
            <source>kept the stored data</source>
            <translation>保留了已存数据</translation>
        </message>
        <message>
            <source>Keep stored</source>
            <translation>保留已存数据</translation>
        </message>
        <message>
            <source>Take incoming</source>
            <translation>采用传入数据</translation>
        </message>
        <message>
            <source>took the incoming data</source>
            <translation>采用了传入数据</translation>
        </message>
        <message>
            <source>The incoming side cannot be taken</source>
            <translation>无法采用传入数据</translation>
        </message>
        <message numerus="yes">
            <source>Recorded conflicts (%n)</source>
            <translation>
                <numerusform>已记录的冲突（%n）</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>CorrectionDialog</name>
        <message>
            <source>Correct checkpoint</source>
            <translation>更正计时点</translation>
        </message>
        <message>
            <source>Correct the time of %1. The old and new time and your reason are recorded.</source>
            <translation>更正 %1 的时间。原时间、新时间和更正原因都会被记录。</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>时间</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>原因</translation>
        </message>
        <message>
            <source>Why the mark was wrong</source>
            <translation>为什么原来的记录有误</translation>
        </message>
    </context>
    <context>
        <name>CountInput</name>
        <message>
            <source>of</source>
            <translation>/</translation>
        </message>
        <message>
            <source>OK</source>
            <translation>项合格</translation>
        </message>
        <message>
            <source>N/A</source>
            <translation>不适用</translation>
        </message>
        <message>
            <source>Only digits can be typed here.</source>
            <translation>这里只能输入数字。</translation>
        </message>
    </context>
    <context>
        <name>DateInput</name>
        <message>
            <source>Today</source>
            <translation>今天</translation>
        </message>
        <message>
            <source>valid for %1 days</source>
            <translation>有效期 %1 天</translation>
        </message>
        <message>
            <source>No date yet: press T for today or pick one from the calendar, then edit.</source>
            <translation>尚无日期：按 T 填入今天，或从日历中选择，然后再修改。</translation>
        </message>
    </context>
    <context>
        <name>DurationInput</name>
        <message>
            <source>did not happen</source>
            <translation>未发生</translation>
        </message>
        <message>
            <source>no %1 before %2: fails</source>
            <translation>%2 前未按 %1：不合格</translation>
        </message>
        <message>
            <source>from stopwatch %1 → %2</source>
            <translation>由计时 %1 → %2 得出</translation>
        </message>
        <message>
            <source>target ≤ %1</source>
            <translation>目标 ≤ %1</translation>
        </message>
        <message>
            <source>N/A</source>
            <translation>不适用</translation>
        </message>
        <message>
            <source>Only digits and colons can be typed here, as m:ss.</source>
            <translation>这里只能输入数字和冒号，格式为 分:秒。</translation>
        </message>
        <message>
            <source>a time as m:ss or h:mm:ss</source>
            <translation>分:秒 或 时:分:秒 格式的时长</translation>
        </message>
    </context>
    <context>
        <name>EditorHeader</name>
        <message>
            <source>Final score</source>
            <translation>最终得分</translation>
        </message>
        <message>
            <source>Live score</source>
            <translation>实时得分</translation>
        </message>
        <message>
            <source>veto</source>
            <translation>一票否决</translation>
        </message>
        <message>
            <source>← Inspections</source>
            <translation>← 检查列表</translation>
        </message>
        <message>
            <source>Back to the list (everything is already saved)</source>
            <translation>返回列表（所有内容均已保存）</translation>
        </message>
        <message>
            <source>Submit…</source>
            <translation>提交…</translation>
        </message>
        <message>
            <source>Check, sign and submit (Ctrl+Shift+S)</source>
            <translation>检查、签名并提交（Ctrl+Shift+S）</translation>
        </message>
        <message>
            <source>Amend…</source>
            <translation>更正…</translation>
        </message>
        <message>
            <source>Correct the submitted answers: give the reason once, every change is audited</source>
            <translation>更正已提交的答案：填写一次原因，每项修改都记入审计</translation>
        </message>
        <message>
            <source>Done amending</source>
            <translation>结束更正</translation>
        </message>
        <message>
            <source>Lock the answers again</source>
            <translation>重新锁定答案</translation>
        </message>
        <message>
            <source>Approve…</source>
            <translation>审核通过…</translation>
        </message>
        <message>
            <source>Approve this revision, optionally signed</source>
            <translation>审核通过此版本，可签名</translation>
        </message>
        <message>
            <source>Return…</source>
            <translation>退回…</translation>
        </message>
        <message>
            <source>Return it to the inspector with a reason and the items to redo</source>
            <translation>连同原因和需重做的项目退回检查员</translation>
        </message>
        <message>
            <source>Reopen…</source>
            <translation>重新打开…</translation>
        </message>
        <message>
            <source>Reopen the approved inspection, with a reason, so it can be amended</source>
            <translation>填写原因重新打开已审核的检查，以便更正</translation>
        </message>
        <message>
            <source>%1 of %2 required items answered</source>
            <translation>必答项已答 %1 / %2</translation>
        </message>
        <message>
            <source>No answers yet</source>
            <translation>尚未作答</translation>
        </message>
        <message>
            <source>Provisional</source>
            <translation>暂定</translation>
        </message>
        <message>
            <source>The grade is given once every required item is answered.</source>
            <translation>所有必答项作答后才给出等级。</translation>
        </message>
    </context>
    <context>
        <name>ExportModel</name>
        <message>
            <source>On-site</source>
            <translation>现场检查</translation>
        </message>
        <message>
            <source>Mystery</source>
            <translation>暗访</translation>
        </message>
        <message>
            <source>not yet</source>
            <translation>尚未导出</translation>
        </message>
        <message>
            <source>Branch</source>
            <translation>网点</translation>
        </message>
        <message>
            <source>Visit</source>
            <translation>检查时间</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>类型</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Score</source>
            <translation>得分</translation>
        </message>
        <message>
            <source>Exported</source>
            <translation>已导出</translation>
        </message>
    </context>
    <context>
        <name>ExportWizard</name>
        <message>
            <source>Save package as</source>
            <translation>数据包另存为</translation>
        </message>
        <message>
            <source>bqinspect packages (*%1);;All files (*)</source>
            <translation>bqinspect 数据包 (*%1);;所有文件 (*)</translation>
        </message>
        <message>
            <source>Encrypt to whose key?</source>
            <translation>用谁的公钥加密？</translation>
        </message>
        <message>
            <source>Public key files (*.pub *.txt);;All files (*)</source>
            <translation>公钥文件 (*.pub *.txt);;所有文件 (*)</translation>
        </message>
        <message>
            <source>%1 is not a public key file: %2</source>
            <translation>%1 不是公钥文件：%2</translation>
        </message>
        <message>
            <source>key(s)</source>
            <translation>个密钥</translation>
        </message>
        <message>
            <source>Export cancelled. No file was written.</source>
            <translation>导出已取消，未写入任何文件。</translation>
        </message>
        <message>
            <source>Nothing was exported: %1</source>
            <translation>未导出任何内容：%1</translation>
        </message>
        <message numerus="yes">
            <source>encrypted to %n key(s)</source>
            <translation>
                <numerusform>已用 %n 个密钥加密</numerusform>
            </translation>
        </message>
        <message>
            <source>signed, not encrypted</source>
            <translation>已签名，未加密</translation>
        </message>
        <message>
            <source>Exported %1 inspection(s) with %2 photo(s), %3 form version(s), %4 branch(es).</source>
            <translation>已导出 %1 次检查，含 %2 张照片、%3 个检查表版本、%4 个网点。</translation>
        </message>
        <message>
            <source>File: %1</source>
            <translation>文件：%1</translation>
        </message>
        <message>
            <source>Size: %1 KiB, %2.</source>
            <translation>大小：%1 KiB，%2。</translation>
        </message>
        <message>
            <source>Package id: %1</source>
            <translation>数据包编号：%1</translation>
        </message>
        <message>
            <source>The list marks these inspections as exported.</source>
            <translation>列表中已将这些检查标记为已导出。</translation>
        </message>
        <message>
            <source>Search branch, date, status…</source>
            <translation>搜索网点、日期、状态…</translation>
        </message>
        <message>
            <source>All</source>
            <translation>全部</translation>
        </message>
        <message>
            <source>Only this inspector's</source>
            <translation>仅选该检查员的</translation>
        </message>
        <message>
            <source>A return package: the chosen inspector's records with your review</source>
            <translation>回传包：所选检查员的检查记录及您的审核意见</translation>
        </message>
        <message>
            <source>Not yet exported</source>
            <translation>尚未导出</translation>
        </message>
        <message>
            <source>None</source>
            <translation>无</translation>
        </message>
        <message>
            <source>Save the package as:</source>
            <translation>数据包保存为：</translation>
        </message>
        <message>
            <source>Browse…</source>
            <translation>浏览…</translation>
        </message>
        <message>
            <source>Encrypt to (public key files of head office):</source>
            <translation>加密给（总行的公钥文件）：</translation>
        </message>
        <message>
            <source>Add key file…</source>
            <translation>添加密钥文件…</translation>
        </message>
        <message>
            <source>Remove</source>
            <translation>移除</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Export more…</source>
            <translation>继续导出…</translation>
        </message>
        <message>
            <source>Writing the package…</source>
            <translation>正在写入数据包…</translation>
        </message>
        <message>
            <source>&lt; Back</source>
            <translation>&lt; 上一步</translation>
        </message>
        <message>
            <source>Step 1 of 3: choose the inspections</source>
            <translation>第 1 步（共 3 步）：选择检查</translation>
        </message>
        <message>
            <source>Step 2 of 3: where to save, and who may open it</source>
            <translation>第 2 步（共 3 步）：保存位置和可打开的人</translation>
        </message>
        <message>
            <source>Step 3 of 3: export</source>
            <translation>第 3 步（共 3 步）：导出</translation>
        </message>
        <message>
            <source>Export</source>
            <translation>导出</translation>
        </message>
        <message>
            <source>Next &gt;</source>
            <translation>下一步 &gt;</translation>
        </message>
        <message>
            <source>%1 of %2 chosen · %3 never exported</source>
            <translation>已选 %1 / %2 · %3 个从未导出</translation>
        </message>
        <message>
            <source>The package will be encrypted (age format): only the holders of these keys can open it.</source>
            <translation>数据包将被加密（age 格式）：只有持有这些密钥的人才能打开。</translation>
        </message>
        <message>
            <source>No key chosen: the package is signed but not encrypted. Anyone with the file can read it.</source>
            <translation>未选择密钥：数据包已签名但未加密，任何拿到文件的人都能读取。</translation>
        </message>
    </context>
    <context>
        <name>FeedbackDetail</name>
        <message>
            <source>Add step</source>
            <translation>添加处理步骤</translation>
        </message>
        <message>
            <source>Assign</source>
            <translation>指派</translation>
        </message>
        <message>
            <source>Assigned to</source>
            <translation>经办人</translation>
        </message>
        <message>
            <source>Choose a feedback item</source>
            <translation>请选择一条客户意见</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>办结</translation>
        </message>
        <message>
            <source>Content</source>
            <translation>内容</translation>
        </message>
        <message>
            <source>Customer</source>
            <translation>客户</translation>
        </message>
        <message>
            <source>Extend</source>
            <translation>延期</translation>
        </message>
        <message>
            <source>Finding</source>
            <translation>问题</translation>
        </message>
        <message>
            <source>Follow up</source>
            <translation>回访</translation>
        </message>
        <message>
            <source>Follow-up</source>
            <translation>回访情况</translation>
        </message>
        <message>
            <source>Open a finding</source>
            <translation>立为检查问题</translation>
        </message>
        <message>
            <source>Received</source>
            <translation>受理时间</translation>
        </message>
        <message>
            <source>Reopen</source>
            <translation>重新打开</translation>
        </message>
        <message>
            <source>Reply</source>
            <translation>答复</translation>
        </message>
        <message>
            <source>Reply by</source>
            <translation>答复期限</translation>
        </message>
        <message>
            <source>Reply method</source>
            <translation>答复方式</translation>
        </message>
        <message>
            <source>Steps</source>
            <translation>处理记录</translation>
        </message>
        <message>
            <source>The register is the lead's and head office's: read only here.</source>
            <translation>客户意见台账归检查组长和总行管理：本机只读。</translation>
        </message>
        <message>
            <source>The step, the reply, the reason or the name, then a button below</source>
            <translation>填写处理步骤、答复内容、理由或经办人，再点击下方按钮</translation>
        </message>
        <message>
            <source>acceptance not known</source>
            <translation>是否认可未知</translation>
        </message>
        <message>
            <source>accepted</source>
            <translation>客户认可</translation>
        </message>
        <message>
            <source>not accepted</source>
            <translation>客户不认可</translation>
        </message>
        <message>
            <source>not on this machine</source>
            <translation>不在本机</translation>
        </message>
        <message>
            <source>overdue</source>
            <translation>已逾期</translation>
        </message>
        <message>
            <source>late</source>
            <translation>逾期答复</translation>
        </message>
    </context>
    <context>
        <name>FeedbackModel</name>
        <message>
            <source>Branch</source>
            <translation>网点</translation>
        </message>
        <message>
            <source>Category</source>
            <translation>类别</translation>
        </message>
        <message>
            <source>Channel</source>
            <translation>渠道</translation>
        </message>
        <message>
            <source>Content</source>
            <translation>内容</translation>
        </message>
        <message>
            <source>Past its reply date</source>
            <translation>已过答复期限</translation>
        </message>
        <message>
            <source>Received</source>
            <translation>受理时间</translation>
        </message>
        <message>
            <source>Reply by</source>
            <translation>答复期限</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>replied %1</source>
            <translation>%1 已答复</translation>
        </message>
    </context>
    <context>
        <name>FeedbackPage</name>
        <message>
            <source>%1 shown · %2 overdue</source>
            <translation>显示 %1 条 · 逾期 %2 条</translation>
        </message>
        <message>
            <source>All branches</source>
            <translation>全部网点</translation>
        </message>
        <message>
            <source>All categories</source>
            <translation>全部类别</translation>
        </message>
        <message>
            <source>All channels</source>
            <translation>全部渠道</translation>
        </message>
        <message>
            <source>All statuses</source>
            <translation>全部状态</translation>
        </message>
        <message>
            <source>Customer feedback</source>
            <translation>客户意见</translation>
        </message>
        <message>
            <source>New feedback…</source>
            <translation>登记客户意见…</translation>
        </message>
        <message>
            <source>Overdue only</source>
            <translation>仅看逾期</translation>
        </message>
    </context>
    <context>
        <name>FilterBar</name>
        <message>
            <source>Month %1</source>
            <translation>%1月</translation>
        </message>
        <message>
            <source>Q%1</source>
            <translation>第%1季度</translation>
        </message>
        <message>
            <source>Period:</source>
            <translation>期间：</translation>
        </message>
        <message>
            <source>Region:</source>
            <translation>分行：</translation>
        </message>
        <message>
            <source>Branch:</source>
            <translation>网点：</translation>
        </message>
        <message>
            <source>Form:</source>
            <translation>检查表：</translation>
        </message>
        <message>
            <source>Month</source>
            <translation>月</translation>
        </message>
        <message>
            <source>Quarter</source>
            <translation>季度</translation>
        </message>
        <message>
            <source>Year</source>
            <translation>年</translation>
        </message>
        <message>
            <source>Custom range</source>
            <translation>自定义区间</translation>
        </message>
        <message>
            <source>All regions</source>
            <translation>全部分行</translation>
        </message>
        <message>
            <source>All branches</source>
            <translation>全部网点</translation>
        </message>
        <message>
            <source>All forms</source>
            <translation>全部检查表</translation>
        </message>
        <message>
            <source>Both kinds</source>
            <translation>现场与暗访</translation>
        </message>
        <message>
            <source>On-site</source>
            <translation>现场检查</translation>
        </message>
        <message>
            <source>Mystery</source>
            <translation>暗访</translation>
        </message>
        <message>
            <source>Submitted and approved</source>
            <translation>已提交和已审核</translation>
        </message>
        <message>
            <source>Submitted</source>
            <translation>已提交</translation>
        </message>
        <message>
            <source>Approved</source>
            <translation>已审核</translation>
        </message>
    </context>
    <context>
        <name>FindBar</name>
        <message>
            <source>Find an item by number or words, Enter to go there</source>
            <translation>按编号或文字查找检查项，回车跳转</translation>
        </message>
    </context>
    <context>
        <name>FindingDetail</name>
        <message>
            <source>overdue</source>
            <translation>已逾期</translation>
        </message>
        <message>
            <source>none</source>
            <translation>无</translation>
        </message>
        <message numerus="yes">
            <source>(%n day(s) overdue)</source>
            <translation>
                <numerusform>（逾期 %n 天）</numerusform>
            </translation>
        </message>
        <message>
            <source>extension to %1 requested</source>
            <translation>已申请延期至 %1</translation>
        </message>
        <message>
            <source>No steps yet.</source>
            <translation>尚无处理记录。</translation>
        </message>
        <message>
            <source>to %1</source>
            <translation>至 %1</translation>
        </message>
        <message>
            <source>new due date %1</source>
            <translation>新的整改期限 %1</translation>
        </message>
        <message numerus="yes">
            <source>%n photo(s)</source>
            <translation>
                <numerusform>%n 张照片</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>and %n more</source>
            <translation>
                <numerusform>另有 %n 张</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n photo(s) to attach: </source>
            <translation>
                <numerusform>待附 %n 张照片：</numerusform>
            </translation>
        </message>
        <message>
            <source>Evidence photos: none chosen</source>
            <translation>佐证照片：未选择</translation>
        </message>
        <message>
            <source>Reading photos</source>
            <translation>正在读取照片</translation>
        </message>
        <message>
            <source>Branch:</source>
            <translation>网点：</translation>
        </message>
        <message>
            <source>Source:</source>
            <translation>来源：</translation>
        </message>
        <message>
            <source>Due:</source>
            <translation>整改期限：</translation>
        </message>
        <message>
            <source>Points deducted:</source>
            <translation>扣分：</translation>
        </message>
        <message>
            <source>Responsible:</source>
            <translation>责任人：</translation>
        </message>
        <message>
            <source>Requirement:</source>
            <translation>整改要求：</translation>
        </message>
        <message>
            <source>Observed:</source>
            <translation>检查发现：</translation>
        </message>
        <message>
            <source>who at the branch fixes it</source>
            <translation>网点负责整改的人员</translation>
        </message>
        <message>
            <source>Evidence</source>
            <translation>佐证材料</translation>
        </message>
        <message>
            <source>History</source>
            <translation>处理记录</translation>
        </message>
        <message>
            <source>Next step</source>
            <translation>下一步</translation>
        </message>
        <message>
            <source>The branch's response and measures taken, the reason for a rejection or an extension, or a comment</source>
            <translation>网点的答复和整改措施、驳回或延期的理由，或备注</translation>
        </message>
        <message>
            <source>Add photos…</source>
            <translation>添加照片…</translation>
        </message>
        <message>
            <source>Clear</source>
            <translation>清除</translation>
        </message>
        <message>
            <source>New due date:</source>
            <translation>新的整改期限：</translation>
        </message>
        <message>
            <source>Verification method:</source>
            <translation>验收方式：</translation>
        </message>
        <message>
            <source>Select a finding to see its details and next steps.</source>
            <translation>选择一条问题，查看详情和下一步操作。</translation>
        </message>
        <message>
            <source>You asked for this extension: someone else grants or denies it.</source>
            <translation>延期由您申请：须由他人批准或驳回。</translation>
        </message>
    </context>
    <context>
        <name>FindingPanel</name>
        <message>
            <source>Finding (rectification): %1 points deducted</source>
            <translation>问题（整改项）：扣 %1 分</translation>
        </message>
        <message>
            <source>Severity</source>
            <translation>严重程度</translation>
        </message>
        <message>
            <source>Requirement</source>
            <translation>整改要求</translation>
        </message>
        <message>
            <source>Responsible</source>
            <translation>责任人</translation>
        </message>
        <message>
            <source>Due</source>
            <translation>整改期限</translation>
        </message>
        <message>
            <source>Person responsible at the branch</source>
            <translation>网点责任人</translation>
        </message>
    </context>
    <context>
        <name>FindingsModel</name>
        <message numerus="yes">
            <source>%n day(s) overdue</source>
            <translation>
                <numerusform>逾期 %n 天</numerusform>
            </translation>
        </message>
        <message>
            <source>Extension to %1 requested</source>
            <translation>已申请延期至 %1</translation>
        </message>
        <message>
            <source>Branch</source>
            <translation>网点</translation>
        </message>
        <message>
            <source>Item</source>
            <translation>检查项</translation>
        </message>
        <message>
            <source>Severity</source>
            <translation>严重程度</translation>
        </message>
        <message>
            <source>Requirement</source>
            <translation>整改要求</translation>
        </message>
        <message>
            <source>Responsible</source>
            <translation>责任人</translation>
        </message>
        <message>
            <source>Due</source>
            <translation>整改期限</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>状态</translation>
        </message>
    </context>
    <context>
        <name>FormPreview</name>
        <message>
            <source>veto %1</source>
            <translation>一票否决 %1</translation>
        </message>
        <message>
            <source>gates %1</source>
            <translation>门槛项：%1</translation>
        </message>
        <message>
            <source>in %1</source>
            <translation>属于 %1</translation>
        </message>
        <message>
            <source>N/A allowed</source>
            <translation>可选不适用</translation>
        </message>
        <message>
            <source>photo on fail</source>
            <translation>不合格须拍照</translation>
        </message>
        <message>
            <source>no photos</source>
            <translation>禁止拍照</translation>
        </message>
        <message>
            <source>if %1</source>
            <translation>当 %1 时显示</translation>
        </message>
        <message>
            <source>overt only</source>
            <translation>仅限明查</translation>
        </message>
        <message>
            <source>optional</source>
            <translation>选答</translation>
        </message>
        <message>
            <source>ID</source>
            <translation>编号</translation>
        </message>
        <message>
            <source>Text</source>
            <translation>内容</translation>
        </message>
        <message>
            <source>Type</source>
            <translation>类型</translation>
        </message>
        <message>
            <source>Points</source>
            <translation>分值</translation>
        </message>
        <message>
            <source>Severity</source>
            <translation>严重程度</translation>
        </message>
        <message>
            <source>Notes</source>
            <translation>说明</translation>
        </message>
        <message>
            <source>weight %1</source>
            <translation>权重 %1</translation>
        </message>
        <message>
            <source>%1 items</source>
            <translation>%1 项</translation>
        </message>
        <message>
            <source>Requirement: %1</source>
            <translation>整改要求：%1</translation>
        </message>
        <message>
            <source>%n working day(s)</source>
            <translation>%n 个工作日</translation>
        </message>
        <message>
            <source>%n day(s)</source>
            <translation>%n 天</translation>
        </message>
        <message>
            <source>Form</source>
            <translation>检查表</translation>
        </message>
        <message>
            <source>%1 · version %2 · %3</source>
            <translation>%1 · 版本 %2 · %3</translation>
        </message>
        <message>
            <source>Contents</source>
            <translation>内容</translation>
        </message>
        <message>
            <source>%1 sections, %2 items, %3 points</source>
            <translation>%1 个部分，%2 个检查项，共 %3 分</translation>
        </message>
        <message>
            <source>Grades</source>
            <translation>评级</translation>
        </message>
        <message>
            <source>Deadlines</source>
            <translation>整改期限</translation>
        </message>
        <message>
            <source>Fingerprint</source>
            <translation>指纹</translation>
        </message>
        <message>
            <source>Veto items</source>
            <translation>一票否决项</translation>
        </message>
        <message>
            <source>Timer checkpoints</source>
            <translation>计时点</translation>
        </message>
    </context>
    <context>
        <name>FormVersionsModel</name>
        <message>
            <source>Form</source>
            <translation>检查表编号</translation>
        </message>
        <message>
            <source>Version</source>
            <translation>版本</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>类型</translation>
        </message>
        <message>
            <source>Title</source>
            <translation>标题</translation>
        </message>
        <message>
            <source>Items</source>
            <translation>检查项</translation>
        </message>
        <message>
            <source>Installed</source>
            <translation>安装时间</translation>
        </message>
    </context>
    <context>
        <name>FormsPage</name>
        <message>
            <source>This form version cannot be read: %1</source>
            <translation>无法读取此检查表版本：%1</translation>
        </message>
        <message>
            <source>Import a form</source>
            <translation>导入检查表</translation>
        </message>
        <message>
            <source>Checklist forms (*.yaml *.yml *.xlsx);;All files (*)</source>
            <translation>检查表 (*.yaml *.yml *.xlsx);;所有文件 (*)</translation>
        </message>
        <message>
            <source>Checking %1</source>
            <translation>正在检查 %1</translation>
        </message>
        <message>
            <source>Importing a form</source>
            <translation>正在导入检查表</translation>
        </message>
        <message>
            <source>%1 is already installed as %2 version %3; nothing was changed.</source>
            <translation>%1 已作为 %2 版本 %3 安装，未做任何更改。</translation>
        </message>
        <message>
            <source>Installed %2 version %3 from %1.</source>
            <translation>已从 %1 安装 %2 版本 %3。</translation>
        </message>
        <message numerus="yes">
            <source>%1 was not installed: %n problem(s). Nothing was changed.</source>
            <translation>
                <numerusform>%1 未安装：发现 %n 个问题。未做任何更改。</numerusform>
            </translation>
        </message>
        <message>
            <source>Forms</source>
            <translation>检查表</translation>
        </message>
        <message>
            <source>Import form…</source>
            <translation>导入检查表…</translation>
        </message>
        <message>
            <source>A checklist form as YAML, or as an Excel workbook (XLSForm-like columns). An invalid form is refused with the file, line and reason.</source>
            <translation>检查表可以是 YAML 文件或 Excel 工作簿（类似 XLSForm 的列）。无效的检查表会被拒绝，并指出文件、行号和原因。</translation>
        </message>
        <message>
            <source>No form is installed. Import a YAML or XLSX form.</source>
            <translation>尚未安装检查表。请导入 YAML 或 XLSX 检查表。</translation>
        </message>
    </context>
    <context>
        <name>ImportPanel</name>
        <message>
            <source>Import a package</source>
            <translation>导入数据包</translation>
        </message>
        <message>
            <source>bqinspect packages (*%1 *.zip *.age);;All files (*)</source>
            <translation>bqinspect 数据包 (*%1 *.zip *.age);;所有文件 (*)</translation>
        </message>
        <message>
            <source>Checking %1…</source>
            <translation>正在检查 %1…</translation>
        </message>
        <message>
            <source>Decrypting</source>
            <translation>正在解密</translation>
        </message>
        <message>
            <source>Checking every file against the signed manifest</source>
            <translation>正在按已签名的清单核对每个文件</translation>
        </message>
        <message>
            <source>Checking every record</source>
            <translation>正在检查每条记录</translation>
        </message>
        <message>
            <source>Importing</source>
            <translation>正在导入</translation>
        </message>
        <message>
            <source>Import cancelled. Nothing was changed.</source>
            <translation>导入已取消，未做任何更改。</translation>
        </message>
        <message>
            <source>The package was refused and nothing was changed.
%1</source>
            <translation>数据包被拒绝，未做任何更改。
%1</translation>
        </message>
        <message>
            <source>%1 new, %2 updated, %3 unchanged, %4 conflicts, %5 refused</source>
            <translation>新增 %1，更新 %2，未变 %3，冲突 %4，拒绝 %5</translation>
        </message>
        <message>
            <source>from %1 (%2), signed %3</source>
            <translation>来自 %1（%2），签名于 %3</translation>
        </message>
        <message>
            <source>Already imported on %1: nothing changed.</source>
            <translation>已于 %1 导入过，未做任何更改。</translation>
        </message>
        <message>
            <source>Nothing new in this package: nothing changed.</source>
            <translation>此数据包中没有新内容，未做任何更改。</translation>
        </message>
        <message>
            <source>Imported %1.</source>
            <translation>已导入 %1。</translation>
        </message>
        <message numerus="yes">
            <source>%n new form version(s)</source>
            <translation>
                <numerusform>%n 个新检查表版本</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n new photo(s)</source>
            <translation>
                <numerusform>%n 张新照片</numerusform>
            </translation>
        </message>
        <message>
            <source>was encrypted</source>
            <translation>已加密</translation>
        </message>
        <message>
            <source>signer accepted once (recorded in the audit trail)</source>
            <translation>签名方已获本次许可（记入审计记录）</translation>
        </message>
        <message>
            <source>Inspections: %1.</source>
            <translation>检查：%1。</translation>
        </message>
        <message>
            <source>revoked</source>
            <translation>已被吊销</translation>
        </message>
        <message>
            <source>not trusted</source>
            <translation>未受信任</translation>
        </message>
        <message>
            <source>This package is signed by %1, a device %2 here (key fingerprint %3). Import it only if you know where it comes from. To trust this device for good, use “Trust a device…” with its public key file.</source>
            <translation>此数据包由 %1 签名，该设备在本机%2（密钥指纹 %3）。只有在确认来源时才导入。如需长期信任该设备，请使用“信任设备…”并选择其公钥文件。</translation>
        </message>
        <message>
            <source>Drop a package file here, or choose one. It is checked in full (signature, every file's hash, every record) before anything is changed.</source>
            <translation>将数据包文件拖到此处，或选择文件。导入前会完整检查（签名、每个文件的哈希值、每条记录），检查通过后才会更改数据。</translation>
        </message>
        <message>
            <source>Choose package…</source>
            <translation>选择数据包…</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Import this package once</source>
            <translation>仅导入此数据包一次</translation>
        </message>
        <message>
            <source>%1 is not imported yet and nothing was changed: choose below whether to import it once.</source>
            <translation>%1 尚未导入，未做任何更改：请在下方选择是否仅此一次导入。</translation>
        </message>
    </context>
    <context>
        <name>InspectionEditor</name>
        <message>
            <source>%1 is hidden by an earlier answer</source>
            <translation>%1 因前面的回答而隐藏</translation>
        </message>
        <message>
            <source>Last item. Ctrl+Shift+S checks and submits the inspection.</source>
            <translation>已是最后一项。按 Ctrl+Shift+S 检查并提交。</translation>
        </message>
        <message>
            <source>The clipboard holds no image</source>
            <translation>剪贴板中没有图片</translation>
        </message>
        <message numerus="yes">
            <source>%n photo(s) added</source>
            <translation>
                <numerusform>已添加 %n 张照片</numerusform>
            </translation>
        </message>
        <message>
            <source>Some files were not added</source>
            <translation>部分文件未添加</translation>
        </message>
        <message>
            <source>Signature</source>
            <translation>签名</translation>
        </message>
        <message>
            <source>Inspection submitted</source>
            <translation>检查已提交</translation>
        </message>
        <message>
            <source>No item has failed</source>
            <translation>没有不合格项</translation>
        </message>
        <message>
            <source>No item has a comment</source>
            <translation>没有带意见的项目</translation>
        </message>
        <message>
            <source>Stopwatch</source>
            <translation>计时</translation>
        </message>
        <message>
            <source>Review</source>
            <translation>审核</translation>
        </message>
    </context>
    <context>
        <name>InspectionTableModel</name>
        <message>
            <source>Branch</source>
            <translation>网点</translation>
        </message>
        <message>
            <source>Form</source>
            <translation>检查表</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>类型</translation>
        </message>
        <message>
            <source>Visit date</source>
            <translation>检查日期</translation>
        </message>
        <message>
            <source>Inspectors</source>
            <translation>检查人员</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Score</source>
            <translation>得分</translation>
        </message>
        <message>
            <source>Grade</source>
            <translation>评级</translation>
        </message>
        <message>
            <source>Exported</source>
            <translation>已导出</translation>
        </message>
        <message>
            <source>Returned: %n item(s) to redo</source>
            <translation>已退回：%n 项需重做</translation>
        </message>
        <message>
            <source>Returned by the lead: open it to see what to redo</source>
            <translation>组长已退回：打开查看需重做的项目</translation>
        </message>
    </context>
    <context>
        <name>InspectionsPage</name>
        <message>
            <source>The inspections list could not be read: %1</source>
            <translation>无法读取检查列表：%1</translation>
        </message>
        <message>
            <source>All statuses</source>
            <translation>全部状态</translation>
        </message>
        <message>
            <source>All kinds</source>
            <translation>全部类型</translation>
        </message>
        <message>
            <source>All branches</source>
            <translation>全部网点</translation>
        </message>
        <message numerus="yes">
            <source>%n inspection(s)</source>
            <translation>
                <numerusform>共 %n 次检查</numerusform>
            </translation>
        </message>
        <message>
            <source>%1 of %2 inspections shown</source>
            <translation>显示 %1 / %2 次检查</translation>
        </message>
        <message>
            <source>Resume</source>
            <translation>继续</translation>
        </message>
        <message>
            <source>Open</source>
            <translation>打开</translation>
        </message>
        <message>
            <source>No inspections yet</source>
            <translation>还没有检查记录</translation>
        </message>
        <message>
            <source>Start by adding the branches you inspect, one by one or from a spreadsheet. Then start an on-site inspection or a mystery-shopping visit here.</source>
            <translation>请先添加要检查的网点（逐个添加或从表格导入），然后在这里开始现场检查或神秘人暗访。</translation>
        </message>
        <message>
            <source>Go to Branches</source>
            <translation>前往网点</translation>
        </message>
        <message>
            <source>Install a checklist form before the first visit.</source>
            <translation>首次检查前请先安装检查表。</translation>
        </message>
        <message>
            <source>Go to Forms</source>
            <translation>前往检查表</translation>
        </message>
        <message>
            <source>Start an on-site inspection or a mystery-shopping visit: choose a branch and a checklist form. Every answer is saved the moment you enter it.</source>
            <translation>开始现场检查或神秘人暗访：选择网点和检查表。每个答案在录入的瞬间即已保存。</translation>
        </message>
        <message>
            <source>New inspection…</source>
            <translation>新建检查…</translation>
        </message>
        <message>
            <source>Checklist forms</source>
            <translation>检查表</translation>
        </message>
        <message>
            <source>Delete the draft inspection of %1 on %2? Its answers and photos are removed.</source>
            <translation>删除 %1 于 %2 的草稿检查？其答案和照片将一并删除。</translation>
        </message>
        <message>
            <source>Delete draft</source>
            <translation>删除草稿</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>删除</translation>
        </message>
        <message>
            <source>Cannot delete</source>
            <translation>无法删除</translation>
        </message>
        <message>
            <source>Draft deleted</source>
            <translation>草稿已删除</translation>
        </message>
        <message>
            <source>Inspections</source>
            <translation>检查</translation>
        </message>
        <message>
            <source>Start an on-site inspection or a mystery visit (Ctrl+N)</source>
            <translation>开始现场检查或神秘人暗访（Ctrl+N）</translation>
        </message>
        <message>
            <source>Search branch, form, inspector…</source>
            <translation>搜索网点、检查表、检查人员…</translation>
        </message>
        <message>
            <source>From</source>
            <translation>从</translation>
        </message>
        <message>
            <source>to</source>
            <translation>至</translation>
        </message>
    </context>
    <context>
        <name>ItemCard</name>
        <message>
            <source>%1 pts</source>
            <translation>%1 分</translation>
        </message>
        <message>
            <source>Veto</source>
            <translation>一票否决</translation>
        </message>
        <message>
            <source>Gate</source>
            <translation>门槛项</translation>
        </message>
        <message>
            <source>Photo if failed</source>
            <translation>不合格须拍照</translation>
        </message>
        <message>
            <source>No photos</source>
            <translation>禁止拍照</translation>
        </message>
        <message>
            <source>Note: what was seen (Escape returns)</source>
            <translation>备注：所见情况（Esc 返回）</translation>
        </message>
        <message>
            <source> (optional)</source>
            <translation>（选答）</translation>
        </message>
        <message>
            <source>Guidance (G)</source>
            <translation>检查指引（G）</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>备注</translation>
        </message>
        <message>
            <source>Add a note (Ctrl+Enter)</source>
            <translation>添加备注（Ctrl+Enter）</translation>
        </message>
        <message>
            <source>Photo…</source>
            <translation>照片…</translation>
        </message>
        <message>
            <source>Add photos (Ctrl+Shift+P), paste one (Ctrl+V) or drop files on the card</source>
            <translation>添加照片（Ctrl+Shift+P）、粘贴（Ctrl+V）或将文件拖到卡片上</translation>
        </message>
        <message>
            <source>Comment…</source>
            <translation>意见…</translation>
        </message>
        <message>
            <source>Comment on this item (Ctrl+Shift+M)</source>
            <translation>对本项提出意见（Ctrl+Shift+M）</translation>
        </message>
        <message>
            <source>Basis: %1</source>
            <translation>检查依据：%1</translation>
        </message>
        <message>
            <source>Common deduction reasons:</source>
            <translation>常见扣分原因：</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>Inspections</source>
            <translation>检查</translation>
        </message>
        <message>
            <source>Rectifications</source>
            <translation>整改</translation>
        </message>
        <message>
            <source>Branches</source>
            <translation>网点</translation>
        </message>
        <message>
            <source>Forms</source>
            <translation>检查表</translation>
        </message>
        <message>
            <source>Analytics</source>
            <translation>统计分析</translation>
        </message>
        <message>
            <source>Sync</source>
            <translation>数据交换</translation>
        </message>
        <message>
            <source>Settings</source>
            <translation>设置</translation>
        </message>
        <message>
            <source>Keyboard</source>
            <translation>键盘</translation>
        </message>
        <message>
            <source>About bqinspect</source>
            <translation>关于 bqinspect</translation>
        </message>
        <message>
            <source>bqinspect %1
Offline bank-branch service-quality inspections and mystery shopping.
Licensed under the GPL, version 3 or later.</source>
            <translation>bqinspect %1
离线的银行营业网点服务质量检查与神秘人暗访工具。
依据 GPL 第 3 版或更高版本授权。</translation>
        </message>
        <message>
            <source>Branch inspections</source>
            <translation>网点检查</translation>
        </message>
        <message>
            <source>&amp;File</source>
            <translation>文件(&amp;F)</translation>
        </message>
        <message>
            <source>&amp;New inspection…</source>
            <translation>新建检查(&amp;N)…</translation>
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation>退出(&amp;Q)</translation>
        </message>
        <message>
            <source>&amp;View</source>
            <translation>视图(&amp;V)</translation>
        </message>
        <message>
            <source>&amp;Full screen</source>
            <translation>全屏(&amp;F)</translation>
        </message>
        <message>
            <source>&amp;Help</source>
            <translation>帮助(&amp;H)</translation>
        </message>
        <message>
            <source>&amp;Keyboard shortcuts</source>
            <translation>键盘快捷键(&amp;K)</translation>
        </message>
        <message>
            <source>&amp;About bqinspect</source>
            <translation>关于 bqinspect(&amp;A)</translation>
        </message>
        <message>
            <source>Inspector: %1</source>
            <translation>检查员：%1</translation>
        </message>
        <message>
            <source>Database: %1</source>
            <translation>数据库：%1</translation>
        </message>
        <message>
            <source>Opening the data…</source>
            <translation>正在打开数据…</translation>
        </message>
        <message>
            <source>Customer feedback</source>
            <translation>客户意见</translation>
        </message>
    </context>
    <context>
        <name>MarkToolbar</name>
        <message>
            <source>Arrow</source>
            <translation>箭头</translation>
        </message>
        <message>
            <source>Rectangle</source>
            <translation>矩形</translation>
        </message>
        <message>
            <source>Ellipse</source>
            <translation>椭圆</translation>
        </message>
        <message>
            <source>Freehand</source>
            <translation>手绘</translation>
        </message>
        <message>
            <source>Text</source>
            <translation>文字</translation>
        </message>
        <message>
            <source>Red</source>
            <translation>红色</translation>
        </message>
        <message>
            <source>Yellow</source>
            <translation>黄色</translation>
        </message>
        <message>
            <source>Blue</source>
            <translation>蓝色</translation>
        </message>
        <message>
            <source>White</source>
            <translation>白色</translation>
        </message>
        <message>
            <source>Label text, then click</source>
            <translation>输入文字后点击图片</translation>
        </message>
        <message>
            <source>Undo</source>
            <translation>撤销</translation>
        </message>
        <message>
            <source>Undo (Ctrl+Z)</source>
            <translation>撤销 (Ctrl+Z)</translation>
        </message>
        <message>
            <source>Redo</source>
            <translation>重做</translation>
        </message>
        <message>
            <source>Redo (Ctrl+Shift+Z)</source>
            <translation>重做 (Ctrl+Shift+Z)</translation>
        </message>
        <message>
            <source>Clear marks</source>
            <translation>清除标注</translation>
        </message>
    </context>
    <context>
        <name>MissingListModel</name>
        <message>
            <source>Not every check is answered</source>
            <translation>尚有检查点未作答</translation>
        </message>
        <message>
            <source>Failed before the dwell time: the fail does not count yet</source>
            <translation>未满停留时长即判不合格：暂不计入</translation>
        </message>
        <message>
            <source>Not answered</source>
            <translation>未作答</translation>
        </message>
        <message>
            <source>Failed: a photo is required</source>
            <translation>不合格：须附照片</translation>
        </message>
        <message>
            <source>Failed: a note is required</source>
            <translation>不合格：须填写备注</translation>
        </message>
        <message>
            <source>Points deducted: give the reason (a note)</source>
            <translation>已扣分：请填写扣分原因（备注）</translation>
        </message>
    </context>
    <context>
        <name>NewFeedbackDialog</name>
        <message>
            <source>&amp;Assigned to</source>
            <translation>经办人(&amp;A)</translation>
        </message>
        <message>
            <source>&amp;Branch</source>
            <translation>网点(&amp;B)</translation>
        </message>
        <message>
            <source>&amp;Category</source>
            <translation>类别(&amp;C)</translation>
        </message>
        <message>
            <source>&amp;Received</source>
            <translation>受理时间(&amp;R)</translation>
        </message>
        <message>
            <source>C&amp;hannel</source>
            <translation>渠道(&amp;H)</translation>
        </message>
        <message>
            <source>C&amp;ontent</source>
            <translation>内容(&amp;O)</translation>
        </message>
        <message>
            <source>Customer &amp;name</source>
            <translation>客户姓名(&amp;N)</translation>
        </message>
        <message>
            <source>Customer &amp;phone</source>
            <translation>客户电话(&amp;P)</translation>
        </message>
        <message>
            <source>Kept in the office copy only</source>
            <translation>仅保存在管理端，不随数据包发往网点或检查员</translation>
        </message>
        <message>
            <source>New customer feedback</source>
            <translation>登记客户意见</translation>
        </message>
        <message>
            <source>What the customer said, in detail</source>
            <translation>详细记录客户反映的内容</translation>
        </message>
    </context>
    <context>
        <name>NewInspectionDialog</name>
        <message>
            <source>Add a branch first (Branches page).</source>
            <translation>请先添加网点（“网点”页面）。</translation>
        </message>
        <message>
            <source>Install a checklist form first (Forms page).</source>
            <translation>请先安装检查表（“检查表”页面）。</translation>
        </message>
        <message>
            <source>Choose a branch from the list.</source>
            <translation>请从列表中选择网点。</translation>
        </message>
        <message>
            <source>Enter at least one inspector.</source>
            <translation>请至少填写一名检查人员。</translation>
        </message>
        <message>
            <source>New inspection</source>
            <translation>新建检查</translation>
        </message>
        <message>
            <source>&amp;Branch</source>
            <translation>网点(&amp;B)</translation>
        </message>
        <message>
            <source>&amp;Form</source>
            <translation>检查表(&amp;F)</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>类型</translation>
        </message>
        <message>
            <source>&amp;Inspectors</source>
            <translation>检查人员(&amp;I)</translation>
        </message>
        <message>
            <source>&amp;Visit time</source>
            <translation>检查时间(&amp;V)</translation>
        </message>
        <message>
            <source>Shopper &amp;alias</source>
            <translation>暗访人员代号(&amp;A)</translation>
        </message>
        <message>
            <source>Names, separated by commas</source>
            <translation>姓名，用逗号分隔</translation>
        </message>
        <message>
            <source>Shown only in the head-office copy</source>
            <translation>仅显示在总行版中</translation>
        </message>
    </context>
    <context>
        <name>NumberInput</name>
        <message>
            <source>N/A</source>
            <translation>不适用</translation>
        </message>
        <message>
            <source>target %1</source>
            <translation>目标 %1</translation>
        </message>
        <message>
            <source>Only digits and one decimal point can be typed here.</source>
            <translation>这里只能输入数字和一个小数点。</translation>
        </message>
        <message>
            <source>a number from 0 to %1 with at most 3 decimals</source>
            <translation>0 至 %1 之间、最多 3 位小数的数字</translation>
        </message>
        <message>
            <source>“%1” is not taken: %2 is expected. The stored value was put back.</source>
            <translation>“%1”未被接受：应为%2。已恢复原先保存的值。</translation>
        </message>
    </context>
    <context>
        <name>HistoryPanel</name>
        <message>
            <source>No import has changed anything here yet.</source>
            <translation>尚无任何导入更改过本机数据。</translation>
        </message>
        <message>
            <source>Package %1 from %2</source>
            <translation>数据包 %1，来自 %2</translation>
        </message>
        <message>
            <source>No record was refused or in conflict.</source>
            <translation>没有被拒绝或发生冲突的记录。</translation>
        </message>
        <message numerus="yes">
            <source>%n more record(s) with a reason are not kept in the history.</source>
            <translation>
                <numerusform>另有 %n 条带原因的记录未保存在导入记录中。</numerusform>
            </translation>
        </message>
        <message>
            <source>Imports that changed something here, the newest first</source>
            <translation>更改过本机数据的导入，最新的在前</translation>
        </message>
    </context>
    <context>
        <name>ImportsModel</name>
        <message>
            <source>Imported</source>
            <translation>导入时间</translation>
        </message>
        <message>
            <source>From</source>
            <translation>来源</translation>
        </message>
        <message>
            <source>Result</source>
            <translation>结果</translation>
        </message>
        <message>
            <source>Summary</source>
            <translation>摘要</translation>
        </message>
    </context>
    <context>
        <name>OutcomesModel</name>
        <message>
            <source>new</source>
            <translation>新增</translation>
        </message>
        <message>
            <source>updated</source>
            <translation>已更新</translation>
        </message>
        <message>
            <source>unchanged</source>
            <translation>未变</translation>
        </message>
        <message>
            <source>conflict</source>
            <translation>冲突</translation>
        </message>
        <message>
            <source>refused</source>
            <translation>已拒绝</translation>
        </message>
        <message>
            <source>Inspection</source>
            <translation>现场检查</translation>
        </message>
        <message>
            <source>Branch</source>
            <translation>网点</translation>
        </message>
        <message>
            <source>Result</source>
            <translation>结果</translation>
        </message>
        <message>
            <source>Type</source>
            <translation>类型</translation>
        </message>
        <message>
            <source>Record</source>
            <translation>记录</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>原因</translation>
        </message>
        <message>
            <source>Customer feedback</source>
            <translation>客户意见</translation>
        </message>
        <message>
            <source>Inspection (a part)</source>
            <translation>检查（部分内容）</translation>
        </message>
        <message>
            <source>Staff</source>
            <translation>员工</translation>
        </message>
    </context>
    <context>
        <name>OverdueModel</name>
        <message>
            <source>Branch</source>
            <translation>网点</translation>
        </message>
        <message>
            <source>Item</source>
            <translation>检查项</translation>
        </message>
        <message>
            <source>Severity</source>
            <translation>严重程度</translation>
        </message>
        <message>
            <source>Due</source>
            <translation>整改期限</translation>
        </message>
        <message>
            <source>Days overdue</source>
            <translation>逾期天数</translation>
        </message>
    </context>
    <context>
        <name>PhotoIntake</name>
        <message>
            <source>Adding photos…</source>
            <translation>正在添加照片…</translation>
        </message>
        <message>
            <source>The clipboard holds no image</source>
            <translation>剪贴板中没有图片</translation>
        </message>
    </context>
    <context>
        <name>PhotoViewer</name>
        <message>
            <source>This photo cannot be shown</source>
            <translation>无法显示此照片</translation>
        </message>
        <message>
            <source>Photo</source>
            <translation>照片</translation>
        </message>
        <message>
            <source>◀ Previous</source>
            <translation>◀ 上一张</translation>
        </message>
        <message>
            <source>Next ▶</source>
            <translation>下一张 ▶</translation>
        </message>
        <message>
            <source>Remove photo</source>
            <translation>删除照片</translation>
        </message>
        <message>
            <source>Caption</source>
            <translation>说明</translation>
        </message>
        <message>
            <source>Redact…</source>
            <translation>打码…</translation>
        </message>
        <message>
            <source>Hide faces, ID cards, screens or documents in the copies that leave the office</source>
            <translation>遮挡对外副本中的人脸、证件、屏幕或文件</translation>
        </message>
    </context>
    <context>
        <name>ProblemsModel</name>
        <message>
            <source>line %1</source>
            <translation>第 %1 行</translation>
        </message>
        <message>
            <source>row %1</source>
            <translation>第 %1 行</translation>
        </message>
        <message>
            <source>Where</source>
            <translation>位置</translation>
        </message>
        <message>
            <source>Problem</source>
            <translation>问题</translation>
        </message>
    </context>
    <context>
        <name>ProblemsPanel</name>
        <message>
            <source>Copy</source>
            <translation>复制</translation>
        </message>
        <message>
            <source>Hide</source>
            <translation>隐藏</translation>
        </message>
    </context>
    <context>
        <name>RankingModel</name>
        <message>
            <source>No inspection in the previous period</source>
            <translation>上期无检查</translation>
        </message>
        <message>
            <source>Previous period: %1</source>
            <translation>上期：%1</translation>
        </message>
        <message>
            <source>Branch</source>
            <translation>网点</translation>
        </message>
        <message>
            <source>Region / sub-branch</source>
            <translation>分行 / 支行</translation>
        </message>
        <message>
            <source>Rank</source>
            <translation>排名</translation>
        </message>
        <message>
            <source>Inspections</source>
            <translation>检查次数</translation>
        </message>
        <message>
            <source>Mean score</source>
            <translation>平均分</translation>
        </message>
        <message>
            <source>Change</source>
            <translation>变化</translation>
        </message>
    </context>
    <context>
        <name>RatingInput</name>
        <message>
            <source>1 very poor … %1 excellent</source>
            <translation>1 很差 … %1 优秀</translation>
        </message>
        <message>
            <source>N/A  0</source>
            <translation>不适用  0</translation>
        </message>
    </context>
    <context>
        <name>RectificationsPage</name>
        <message>
            <source>%1 of %2 findings shown · %3 overdue</source>
            <translation>显示 %1 / %2 条问题 · %3 条逾期</translation>
        </message>
        <message>
            <source>Rectifications</source>
            <translation>整改</translation>
        </message>
        <message>
            <source>Search branch, item, requirement, responsible…</source>
            <translation>搜索网点、检查项、整改要求、责任人…</translation>
        </message>
        <message>
            <source>Not closed</source>
            <translation>未销号</translation>
        </message>
        <message>
            <source>All statuses</source>
            <translation>全部状态</translation>
        </message>
        <message>
            <source>All severities</source>
            <translation>全部严重程度</translation>
        </message>
        <message>
            <source>All branches</source>
            <translation>全部网点</translation>
        </message>
        <message>
            <source>Overdue only</source>
            <translation>仅看逾期</translation>
        </message>
        <message>
            <source>Supervision ledger…</source>
            <translation>监督日志…</translation>
        </message>
    </context>
    <context>
        <name>RepeatsModel</name>
        <message>
            <source>Branch</source>
            <translation>网点</translation>
        </message>
        <message>
            <source>Item</source>
            <translation>检查项</translation>
        </message>
        <message>
            <source>Times</source>
            <translation>次数</translation>
        </message>
        <message>
            <source>Last visit</source>
            <translation>最近检查</translation>
        </message>
    </context>
    <context>
        <name>ReportButton</name>
        <message>
            <source>Report</source>
            <translation>报告</translation>
        </message>
        <message>
            <source>Make the rectification notice as a PDF and open it</source>
            <translation>生成整改通知书（PDF）并打开</translation>
        </message>
        <message>
            <source>Rectification notice: branch copy (PDF)</source>
            <translation>整改通知书：网点版（PDF）</translation>
        </message>
        <message>
            <source>Rectification notice: head-office copy (PDF)</source>
            <translation>整改通知书：总行版（PDF）</translation>
        </message>
        <message>
            <source>In both languages (Chinese and English)</source>
            <translation>中英双语</translation>
        </message>
    </context>
    <context>
        <name>ReportRunner</name>
        <message>
            <source>Building the report…</source>
            <translation>正在生成报告…</translation>
        </message>
        <message>
            <source>The report could not be made</source>
            <translation>无法生成报告</translation>
        </message>
        <message>
            <source>Report cancelled</source>
            <translation>已取消生成报告</translation>
        </message>
        <message>
            <source>Report saved: %1</source>
            <translation>报告已保存：%1</translation>
        </message>
        <message numerus="yes">
            <source>The report was made with %n warning(s)</source>
            <translation>
                <numerusform>报告已生成，有 %n 条警告</numerusform>
            </translation>
        </message>
        <message>
            <source>The report is saved, but no PDF viewer opened it</source>
            <translation>报告已保存，但没有 PDF 阅读器打开它</translation>
        </message>
        <message>
            <source>No program to show PDF files was found on this computer. The report is saved as:
%1

Open its folder, or save a copy where you want it.</source>
            <translation>本机未找到可显示 PDF 文件的程序。报告已保存为：
%1

可打开其所在文件夹，或另存一份到您需要的位置。</translation>
        </message>
        <message>
            <source>Open folder</source>
            <translation>打开文件夹</translation>
        </message>
        <message>
            <source>Save a copy…</source>
            <translation>另存一份…</translation>
        </message>
        <message>
            <source>The copy could not be saved</source>
            <translation>无法另存报告</translation>
        </message>
        <message>
            <source>Save a copy of the report</source>
            <translation>另存报告</translation>
        </message>
        <message>
            <source>PDF files (*.pdf)</source>
            <translation>PDF 文件 (*.pdf)</translation>
        </message>
        <message>
            <source>No file manager opened the folder: %1</source>
            <translation>没有文件管理器打开该文件夹：%1</translation>
        </message>
    </context>
    <context>
        <name>RevisionsDialog</name>
        <message>
            <source>Choose two different revisions to compare.</source>
            <translation>请选择两个不同的修订版本进行比较。</translation>
        </message>
        <message numerus="yes">
            <source>%n change(s) between r%1 and r%2</source>
            <translation>
                <numerusform>r%1 与 r%2 之间 %n 处变更</numerusform>
            </translation>
        </message>
        <message>
            <source>Revisions: %1</source>
            <translation>修订版本：%1</translation>
        </message>
        <message>
            <source>Every revision, with who did what, when and why</source>
            <translation>每个修订版本：谁在何时做了什么、原因</translation>
        </message>
        <message>
            <source>Compare</source>
            <translation>比较</translation>
        </message>
        <message>
            <source>with</source>
            <translation>与</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>关闭</translation>
        </message>
    </context>
    <context>
        <name>RoleBox</name>
        <message>
            <source>This installation's role</source>
            <translation>本机角色</translation>
        </message>
        <message>
            <source>Role:</source>
            <translation>角色：</translation>
        </message>
        <message>
            <source>Actions are offered by this role, and what it may change is checked here and on every import. Each device you trust is given its own role on the Sync page.</source>
            <translation>可用的操作取决于此角色；本机修改和每次导入都会按角色检查可修改的内容。在“同步”页信任的每台设备各有自己的角色。</translation>
        </message>
    </context>
    <context>
        <name>SavedIndicator</name>
        <message>
            <source>All changes are saved automatically</source>
            <translation>所有更改自动保存</translation>
        </message>
        <message>
            <source>Saved %1</source>
            <translation>已保存 %1</translation>
        </message>
        <message>
            <source>Not saved yet</source>
            <translation>尚未保存</translation>
        </message>
    </context>
    <context>
        <name>SettingsPage</name>
        <message>
            <source>Setting not saved</source>
            <translation>设置未保存</translation>
        </message>
        <message>
            <source>Bank logo</source>
            <translation>银行标志</translation>
        </message>
        <message>
            <source>Images (*.png *.jpg *.jpeg)</source>
            <translation>图片 (*.png *.jpg *.jpeg)</translation>
        </message>
        <message>
            <source>No logo</source>
            <translation>无标志</translation>
        </message>
        <message>
            <source>Report font</source>
            <translation>报告字体</translation>
        </message>
        <message>
            <source>TrueType fonts (*.ttf *.ttc)</source>
            <translation>TrueType 字体 (*.ttf *.ttc)</translation>
        </message>
        <message>
            <source>All files (*)</source>
            <translation>所有文件 (*)</translation>
        </message>
        <message>
            <source>Backing up…</source>
            <translation>正在备份…</translation>
        </message>
        <message>
            <source>The backup failed: %1</source>
            <translation>备份失败：%1</translation>
        </message>
        <message>
            <source>Backed up to %1 (%2 MB).</source>
            <translation>已备份到 %1（%2 MB）。</translation>
        </message>
        <message>
            <source>This database is a server database: back it up with the server's tools.</source>
            <translation>此数据库为服务器数据库，请使用服务器自带的工具备份。</translation>
        </message>
        <message>
            <source>The last 10 backups are kept in the backups folder of the data directory.</source>
            <translation>数据目录的 backups 文件夹中保留最近 10 份备份。</translation>
        </message>
        <message>
            <source>Settings</source>
            <translation>设置</translation>
        </message>
        <message>
            <source>Language</source>
            <translation>语言</translation>
        </message>
        <message>
            <source>Interface:</source>
            <translation>界面：</translation>
        </message>
        <message>
            <source>Form and report texts:</source>
            <translation>检查表和报告文字：</translation>
        </message>
        <message>
            <source>Inspector profile</source>
            <translation>检查员信息</translation>
        </message>
        <message>
            <source>Name:</source>
            <translation>姓名：</translation>
        </message>
        <message>
            <source>Employee number:</source>
            <translation>工号：</translation>
        </message>
        <message>
            <source>used as the inspector of new inspections</source>
            <translation>新建检查时默认作为检查员</translation>
        </message>
        <message>
            <source>Bank and reports</source>
            <translation>银行与报告</translation>
        </message>
        <message>
            <source>Bank name:</source>
            <translation>银行名称：</translation>
        </message>
        <message>
            <source>Logo:</source>
            <translation>标志：</translation>
        </message>
        <message>
            <source>Report font:</source>
            <translation>报告字体：</translation>
        </message>
        <message>
            <source>Page size:</source>
            <translation>纸张大小：</translation>
        </message>
        <message>
            <source>printed on rectification notices</source>
            <translation>印在整改通知书上</translation>
        </message>
        <message>
            <source>Choose…</source>
            <translation>选择…</translation>
        </message>
        <message>
            <source>Remove</source>
            <translation>移除</translation>
        </message>
        <message>
            <source>A PNG or JPEG image; it is stored scaled to at most 600 pixels wide.</source>
            <translation>PNG 或 JPEG 图片，保存时缩放到最宽 600 像素。</translation>
        </message>
        <message>
            <source>the bundled font</source>
            <translation>内置字体</translation>
        </message>
        <message>
            <source>Use the bundled font</source>
            <translation>使用内置字体</translation>
        </message>
        <message>
            <source>Data</source>
            <translation>数据</translation>
        </message>
        <message>
            <source>Data directory:</source>
            <translation>数据目录：</translation>
        </message>
        <message>
            <source>Database:</source>
            <translation>数据库：</translation>
        </message>
        <message>
            <source>Open folder</source>
            <translation>打开文件夹</translation>
        </message>
        <message>
            <source>Back up now</source>
            <translation>立即备份</translation>
        </message>
        <message>
            <source>Redacted photos:</source>
            <translation>打码照片：</translation>
        </message>
        <message>
            <source>the head-office copy shows the original</source>
            <translation>存档联（内部）显示原图</translation>
        </message>
        <message>
            <source>The branch copy of a notice and packages to branches and inspectors always carry the redacted copy</source>
            <translation>整改通知书网点联以及发往网点和检查员的数据包始终只含打码副本</translation>
        </message>
        <message>
            <source>Appeal window:</source>
            <translation>申诉期限：</translation>
        </message>
        <message>
            <source> working days</source>
            <translation> 个工作日</translation>
        </message>
    </context>
    <context>
        <name>SignatureBox</name>
        <message>
            <source>Name</source>
            <translation>姓名</translation>
        </message>
        <message>
            <source>Clear</source>
            <translation>清除</translation>
        </message>
    </context>
    <context>
        <name>SignaturePad</name>
        <message>
            <source>Sign here with the mouse or a pen</source>
            <translation>请用鼠标或手写笔在此签名</translation>
        </message>
    </context>
    <context>
        <name>StepsModel</name>
        <message>
            <source>Revision</source>
            <translation>修订版本</translation>
        </message>
        <message>
            <source>Step</source>
            <translation>步骤</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>时间</translation>
        </message>
        <message>
            <source>By</source>
            <translation>操作人</translation>
        </message>
        <message>
            <source>Role</source>
            <translation>角色</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>原因</translation>
        </message>
    </context>
    <context>
        <name>StopwatchPanel</name>
        <message>
            <source>Marked: click to correct</source>
            <translation>已记录：点击更正</translation>
        </message>
        <message>
            <source>Click when it happens</source>
            <translation>发生时点击</translation>
        </message>
        <message>
            <source>Stopwatch</source>
            <translation>计时器</translation>
        </message>
        <message>
            <source>since arrival</source>
            <translation>自到达起</translation>
        </message>
        <message>
            <source>Measured times</source>
            <translation>测得时长</translation>
        </message>
        <message>
            <source>Alt+0…7 marks a checkpoint from anywhere (or 0…7 while this panel has focus). Click a marked checkpoint to correct it.</source>
            <translation>在任何位置按 Alt+0…7 记录计时点（计时器获得焦点时直接按 0…7）。点击已记录的计时点可更正。</translation>
        </message>
    </context>
    <context>
        <name>SubmitDialog</name>
        <message numerus="yes">
            <source>%n thing(s) must be completed before submission (click one to go to it):</source>
            <translation>
                <numerusform>提交前还须完成 %n 项（点击跳转）：</numerusform>
            </translation>
        </message>
        <message>
            <source>Score %1 · grade %2</source>
            <translation>得分 %1 · 评级 %2</translation>
        </message>
        <message>
            <source>veto: %1</source>
            <translation>一票否决：%1</translation>
        </message>
        <message numerus="yes">
            <source>%n finding(s)</source>
            <translation>
                <numerusform>%n 个问题</numerusform>
            </translation>
        </message>
        <message>
            <source>✓ Everything required is filled in. Sign below; after submission the answers are locked.</source>
            <translation>✓ 必填内容均已完成。请在下方签名；提交后答案将被锁定。</translation>
        </message>
        <message>
            <source>Submit inspection</source>
            <translation>提交检查</translation>
        </message>
        <message>
            <source>Inspector's signature (required)</source>
            <translation>检查员签名（必填）</translation>
        </message>
        <message>
            <source>Branch manager's signature</source>
            <translation>网点负责人签名</translation>
        </message>
        <message>
            <source>The branch manager signs too</source>
            <translation>网点负责人也签名</translation>
        </message>
        <message>
            <source>Sign and submit</source>
            <translation>签名并提交</translation>
        </message>
    </context>
    <context>
        <name>SyncPage</name>
        <message>
            <source>This device: %1 · key fingerprint %2</source>
            <translation>本机：%1 · 密钥指纹 %2</translation>
        </message>
        <message>
            <source>Public key files (*.pub *.txt);;All files (*)</source>
            <translation>公钥文件 (*.pub *.txt);;所有文件 (*)</translation>
        </message>
        <message>
            <source>Save this device's public key</source>
            <translation>保存本机公钥</translation>
        </message>
        <message>
            <source>Public key files (*.pub);;All files (*)</source>
            <translation>公钥文件 (*.pub);;所有文件 (*)</translation>
        </message>
        <message>
            <source>Wrote %1</source>
            <translation>已写入 %1</translation>
        </message>
        <message>
            <source>Trust the device of this public key file</source>
            <translation>信任此公钥文件对应的设备</translation>
        </message>
        <message>
            <source>Trusted %1 as %2</source>
            <translation>已信任 %1（角色：%2）</translation>
        </message>
        <message>
            <source>Sync</source>
            <translation>数据交换</translation>
        </message>
        <message>
            <source>Export my public key…</source>
            <translation>导出本机公钥…</translation>
        </message>
        <message>
            <source>Trust a device…</source>
            <translation>信任设备…</translation>
        </message>
        <message>
            <source>Export</source>
            <translation>导出</translation>
        </message>
        <message>
            <source>Import</source>
            <translation>导入</translation>
        </message>
        <message>
            <source>History</source>
            <translation>导入记录</translation>
        </message>
    </context>
    <context>
        <name>TaskProgressDialog</name>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
    </context>
    <context>
        <name>TextInput</name>
        <message>
            <source>Type here (F2); Escape returns to the item list</source>
            <translation>在此输入（F2）；Esc 返回检查项</translation>
        </message>
    </context>
    <context>
        <name>TimestampInput</name>
        <message>
            <source>Now</source>
            <translation>现在</translation>
        </message>
        <message>
            <source>No time yet: press T for now or pick a day from the calendar, then edit.</source>
            <translation>尚无时间：按 T 填入当前时间，或从日历中选择日期，然后再修改。</translation>
        </message>
    </context>
    <context>
        <name>TrustDialog</name>
        <message>
            <source>Trust a device</source>
            <translation>信任设备</translation>
        </message>
        <message>
            <source>Which role does the device of %1 have?</source>
            <translation>%1 所属设备的角色是？</translation>
        </message>
        <message>
            <source>Its packages may change here only what this role owns; anything else they carry changed is refused, with the reason.</source>
            <translation>该设备的数据包只能修改此角色负责的内容；其中其他被改动的内容会被拒绝并说明原因。</translation>
        </message>
        <message>
            <source>Trust</source>
            <translation>信任</translation>
        </message>
    </context>
    <context>
        <name>VisitsModel</name>
        <message>
            <source>Visit</source>
            <translation>检查日期</translation>
        </message>
        <message>
            <source>Form</source>
            <translation>检查表</translation>
        </message>
        <message>
            <source>Inspectors</source>
            <translation>检查员</translation>
        </message>
        <message>
            <source>Score</source>
            <translation>得分</translation>
        </message>
        <message>
            <source>Grade</source>
            <translation>等级</translation>
        </message>
    </context>
    <context>
        <name>WeakItemsModel</name>
        <message>
            <source>Item</source>
            <translation>检查项</translation>
        </message>
        <message>
            <source>Fail rate</source>
            <translation>不合格率</translation>
        </message>
        <message>
            <source>Failed</source>
            <translation>不合格</translation>
        </message>
        <message>
            <source>Branches</source>
            <translation>网点数</translation>
        </message>
    </context>
    <context>
        <name>YesNoInput</name>
        <message>
            <source>✓ Pass  Y</source>
            <translation>✓ 合格  Y</translation>
        </message>
        <message>
            <source>✗ Fail  N</source>
            <translation>✗ 不合格  N</translation>
        </message>
        <message>
            <source>N/A  0</source>
            <translation>不适用  0</translation>
        </message>
    </context>
    <context>
        <name>app</name>
        <message>
            <source>bqinspect</source>
            <translation>bqinspect</translation>
        </message>
        <message>
            <source>Daily backup saved: %1</source>
            <translation>已保存每日备份：%1</translation>
        </message>
        <message>
            <source>bqinspect: unexpected error</source>
            <translation>bqinspect：意外错误</translation>
        </message>
        <message>
            <source>Something went wrong inside bqinspect. Everything entered before this message is saved. Please send the details below to the maintainers.</source>
            <translation>bqinspect 内部出现错误。此提示出现之前录入的内容均已保存。请将下方详细信息发送给维护人员。</translation>
        </message>
        <message>
            <source>The data could not be opened:</source>
            <translation>无法打开数据：</translation>
        </message>
    </context>
    <context>
        <name>audit</name>
        <message>
            <source>created</source>
            <translation>创建</translation>
        </message>
        <message>
            <source>submitted</source>
            <translation>提交</translation>
        </message>
        <message>
            <source>approved</source>
            <translation>审核通过</translation>
        </message>
        <message>
            <source>returned</source>
            <translation>退回</translation>
        </message>
        <message>
            <source>revised</source>
            <translation>重新修改</translation>
        </message>
        <message>
            <source>reopened</source>
            <translation>重新打开</translation>
        </message>
        <message>
            <source>amended</source>
            <translation>更正</translation>
        </message>
        <message>
            <source>changed</source>
            <translation>修改</translation>
        </message>
        <message>
            <source>added</source>
            <translation>添加</translation>
        </message>
        <message>
            <source>removed</source>
            <translation>移除</translation>
        </message>
        <message>
            <source>corrected</source>
            <translation>校正</translation>
        </message>
        <message>
            <source>deleted</source>
            <translation>删除</translation>
        </message>
        <message>
            <source>conflict resolved</source>
            <translation>冲突已解决</translation>
        </message>
        <message>
            <source>answer</source>
            <translation>答案</translation>
        </message>
        <message>
            <source>note</source>
            <translation>备注</translation>
        </message>
        <message>
            <source>photo</source>
            <translation>照片</translation>
        </message>
        <message>
            <source>time</source>
            <translation>时间</translation>
        </message>
        <message>
            <source>status</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>inspectors</source>
            <translation>检查员</translation>
        </message>
        <message>
            <source>lead</source>
            <translation>组长</translation>
        </message>
        <message>
            <source>notes</source>
            <translation>说明</translation>
        </message>
        <message>
            <source>internal notes</source>
            <translation>内部备注</translation>
        </message>
        <message>
            <source>visit start</source>
            <translation>检查开始</translation>
        </message>
        <message>
            <source>visit end</source>
            <translation>检查结束</translation>
        </message>
        <message>
            <source>shopper alias</source>
            <translation>暗访化名</translation>
        </message>
        <message>
            <source>severity</source>
            <translation>严重程度</translation>
        </message>
        <message>
            <source>description</source>
            <translation>问题描述</translation>
        </message>
        <message>
            <source>observation</source>
            <translation>现场情况</translation>
        </message>
        <message>
            <source>requirement</source>
            <translation>整改要求</translation>
        </message>
        <message>
            <source>responsible</source>
            <translation>整改责任人</translation>
        </message>
        <message>
            <source>due date</source>
            <translation>整改期限</translation>
        </message>
        <message>
            <source>Pass</source>
            <translation>合格</translation>
        </message>
        <message>
            <source>Fail</source>
            <translation>不合格</translation>
        </message>
    </context>
    <context>
        <name>dialogs</name>
        <message>
            <source>Photos</source>
            <translation>照片</translation>
        </message>
        <message>
            <source>All files</source>
            <translation>所有文件</translation>
        </message>
        <message>
            <source>Add photos</source>
            <translation>添加照片</translation>
        </message>
    </context>
    <context>
        <name>keys</name>
        <message>
            <source>Y/P pass</source>
            <translation>Y/P 合格</translation>
        </message>
        <message>
            <source>N/F fail</source>
            <translation>N/F 不合格</translation>
        </message>
        <message>
            <source>0/A N/A</source>
            <translation>0/A 不适用</translation>
        </message>
        <message>
            <source>1–5 rating or option</source>
            <translation>1–5 评分或选项</translation>
        </message>
        <message>
            <source>Del clear</source>
            <translation>Del 清除</translation>
        </message>
        <message>
            <source>↓/Enter next</source>
            <translation>↓/回车 下一项</translation>
        </message>
        <message>
            <source>↑ previous</source>
            <translation>↑ 上一项</translation>
        </message>
        <message>
            <source>G guidance</source>
            <translation>G 检查指引</translation>
        </message>
        <message>
            <source>Ctrl+F find</source>
            <translation>Ctrl+F 查找</translation>
        </message>
        <message>
            <source>Ctrl+Enter note</source>
            <translation>Ctrl+Enter 备注</translation>
        </message>
        <message>
            <source>Ctrl+Shift+P photo</source>
            <translation>Ctrl+Shift+P 照片</translation>
        </message>
        <message>
            <source>Ctrl+V paste photo</source>
            <translation>Ctrl+V 粘贴照片</translation>
        </message>
        <message>
            <source>Alt+0…7 stopwatch</source>
            <translation>Alt+0…7 计时</translation>
        </message>
        <message>
            <source>F8 / Shift+F8 next / previous failed item</source>
            <translation>F8 / Shift+F8 下一个 / 上一个不合格项</translation>
        </message>
        <message>
            <source>F9 / Shift+F9 next / previous commented</source>
            <translation>F9 / Shift+F9 下一个 / 上一个有意见项</translation>
        </message>
        <message>
            <source>Ctrl+Shift+M comment</source>
            <translation>Ctrl+Shift+M 意见</translation>
        </message>
        <message>
            <source>↓/↑ next / previous item</source>
            <translation>↓/↑ 下一项 / 上一项</translation>
        </message>
        <message>
            <source>F8 next failed</source>
            <translation>F8 下一个不合格项</translation>
        </message>
        <message>
            <source>S staff / counter</source>
            <translation>S 人员 / 窗口</translation>
        </message>
    </context>
    <context>
        <name>labels</name>
        <message>
            <source>s</source>
            <translation>秒</translation>
        </message>
        <message>
            <source>min</source>
            <translation>分钟</translation>
        </message>
        <message>
            <source>days</source>
            <translation>天</translation>
        </message>
        <message>
            <source>persons</source>
            <translation>人</translation>
        </message>
        <message>
            <source>Draft</source>
            <translation>草稿</translation>
        </message>
        <message>
            <source>Submitted</source>
            <translation>已提交</translation>
        </message>
        <message>
            <source>Approved</source>
            <translation>已审核</translation>
        </message>
        <message>
            <source>Returned</source>
            <translation>已退回</translation>
        </message>
        <message>
            <source>On-site inspection</source>
            <translation>现场检查</translation>
        </message>
        <message>
            <source>Mystery shopping</source>
            <translation>神秘人暗访</translation>
        </message>
        <message>
            <source>Excellent</source>
            <translation>优秀</translation>
        </message>
        <message>
            <source>Good</source>
            <translation>良好</translation>
        </message>
        <message>
            <source>Pass</source>
            <translation>合格</translation>
        </message>
        <message>
            <source>Fail</source>
            <translation>不合格</translation>
        </message>
        <message>
            <source>Critical</source>
            <translation>严重</translation>
        </message>
        <message>
            <source>Major</source>
            <translation>重大</translation>
        </message>
        <message>
            <source>General</source>
            <translation>一般</translation>
        </message>
        <message>
            <source>Observation</source>
            <translation>建议</translation>
        </message>
        <message>
            <source>Open</source>
            <translation>待整改</translation>
        </message>
        <message>
            <source>Rectifying</source>
            <translation>整改中</translation>
        </message>
        <message>
            <source>Awaiting verification</source>
            <translation>待验收</translation>
        </message>
        <message>
            <source>Verified</source>
            <translation>已销号</translation>
        </message>
        <message>
            <source>Rejected</source>
            <translation>已驳回</translation>
        </message>
        <message>
            <source>Inspection</source>
            <translation>现场检查</translation>
        </message>
        <message>
            <source>Customer feedback</source>
            <translation>客户反馈</translation>
        </message>
        <message>
            <source>Self-check</source>
            <translation>自查</translation>
        </message>
        <message>
            <source>Start rectifying</source>
            <translation>开始整改</translation>
        </message>
        <message>
            <source>Submit response</source>
            <translation>提交整改答复</translation>
        </message>
        <message>
            <source>Verify and close</source>
            <translation>验收并销号</translation>
        </message>
        <message>
            <source>Reject</source>
            <translation>驳回</translation>
        </message>
        <message>
            <source>Back to rectifying</source>
            <translation>退回整改</translation>
        </message>
        <message>
            <source>Request extension</source>
            <translation>申请延期</translation>
        </message>
        <message>
            <source>Grant extension</source>
            <translation>批准延期</translation>
        </message>
        <message>
            <source>Deny extension</source>
            <translation>不批准延期</translation>
        </message>
        <message>
            <source>Add comment</source>
            <translation>添加备注</translation>
        </message>
        <message>
            <source>Escalate</source>
            <translation>升级</translation>
        </message>
        <message>
            <source>started rectifying</source>
            <translation>开始整改</translation>
        </message>
        <message>
            <source>submitted a response</source>
            <translation>提交了整改答复</translation>
        </message>
        <message>
            <source>verified and closed</source>
            <translation>验收并销号</translation>
        </message>
        <message>
            <source>rejected the response</source>
            <translation>驳回了整改答复</translation>
        </message>
        <message>
            <source>resumed rectifying</source>
            <translation>重新整改</translation>
        </message>
        <message>
            <source>requested an extension</source>
            <translation>申请了延期</translation>
        </message>
        <message>
            <source>granted the extension</source>
            <translation>批准了延期</translation>
        </message>
        <message>
            <source>denied the extension</source>
            <translation>未批准延期</translation>
        </message>
        <message>
            <source>commented</source>
            <translation>添加了备注</translation>
        </message>
        <message>
            <source>raised the severity (repeat finding)</source>
            <translation>提高了严重程度（重复问题）</translation>
        </message>
        <message>
            <source>Not stated</source>
            <translation>未说明</translation>
        </message>
        <message>
            <source>On-site re-check</source>
            <translation>现场复查</translation>
        </message>
        <message>
            <source>Mystery re-check</source>
            <translation>暗访复查</translation>
        </message>
        <message>
            <source>Photo review</source>
            <translation>照片审核</translation>
        </message>
        <message>
            <source>Pass/fail</source>
            <translation>合格/不合格</translation>
        </message>
        <message>
            <source>Rating</source>
            <translation>评分</translation>
        </message>
        <message>
            <source>Number</source>
            <translation>数值</translation>
        </message>
        <message>
            <source>Count</source>
            <translation>计数</translation>
        </message>
        <message>
            <source>Choice</source>
            <translation>单选</translation>
        </message>
        <message>
            <source>Multiple choice</source>
            <translation>多选</translation>
        </message>
        <message>
            <source>Text</source>
            <translation>文本</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>日期</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>时间</translation>
        </message>
        <message>
            <source>Duration</source>
            <translation>时长</translation>
        </message>
        <message>
            <source>Photo</source>
            <translation>照片</translation>
        </message>
        <message>
            <source>Signature</source>
            <translation>签名</translation>
        </message>
        <message>
            <source>At the branch</source>
            <translation>网点现场</translation>
        </message>
        <message>
            <source>Being handled</source>
            <translation>处理中</translation>
        </message>
        <message>
            <source>Business process</source>
            <translation>业务流程</translation>
        </message>
        <message>
            <source>Closed</source>
            <translation>已办结</translation>
        </message>
        <message>
            <source>Facilities</source>
            <translation>设施设备</translation>
        </message>
        <message>
            <source>Fees</source>
            <translation>收费</translation>
        </message>
        <message>
            <source>In person</source>
            <translation>当面</translation>
        </message>
        <message>
            <source>Information disclosure</source>
            <translation>信息披露</translation>
        </message>
        <message>
            <source>Letter</source>
            <translation>信函</translation>
        </message>
        <message>
            <source>Online</source>
            <translation>线上</translation>
        </message>
        <message>
            <source>Other</source>
            <translation>其他</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>电话</translation>
        </message>
        <message>
            <source>Phone hotline</source>
            <translation>客服热线</translation>
        </message>
        <message>
            <source>Products</source>
            <translation>产品</translation>
        </message>
        <message>
            <source>Received</source>
            <translation>已受理</translation>
        </message>
        <message>
            <source>Regulator referral</source>
            <translation>监管转办</translation>
        </message>
        <message>
            <source>Replied</source>
            <translation>已答复</translation>
        </message>
        <message>
            <source>SMS</source>
            <translation>短信</translation>
        </message>
        <message>
            <source>Service attitude</source>
            <translation>服务态度</translation>
        </message>
        <message>
            <source>Website / app / WeChat</source>
            <translation>网站/App/微信</translation>
        </message>
        <message>
            <source>assigned</source>
            <translation>已指派</translation>
        </message>
        <message>
            <source>closed</source>
            <translation>已办结</translation>
        </message>
        <message>
            <source>followed up</source>
            <translation>已回访</translation>
        </message>
        <message>
            <source>handling step</source>
            <translation>处理步骤</translation>
        </message>
        <message>
            <source>opened a finding</source>
            <translation>立为检查问题</translation>
        </message>
        <message>
            <source>received</source>
            <translation>受理</translation>
        </message>
        <message>
            <source>reopened</source>
            <translation>重新打开</translation>
        </message>
        <message>
            <source>replied to the customer</source>
            <translation>已答复客户</translation>
        </message>
        <message>
            <source>reply date extended</source>
            <translation>延长答复期限</translation>
        </message>
        <message>
            <source>Lobby manager</source>
            <translation>大堂经理</translation>
        </message>
        <message>
            <source>Teller</source>
            <translation>柜员</translation>
        </message>
        <message>
            <source>Wealth manager</source>
            <translation>理财经理</translation>
        </message>
        <message>
            <source>Security guard</source>
            <translation>保安</translation>
        </message>
        <message>
            <source>Customer manager</source>
            <translation>客户经理</translation>
        </message>
        <message>
            <source>Branch head</source>
            <translation>网点负责人</translation>
        </message>
    </context>
    <context>
        <name>roles</name>
        <message>
            <source>Inspector</source>
            <translation>检查员</translation>
        </message>
        <message>
            <source>Supervision lead</source>
            <translation>督导组长</translation>
        </message>
        <message>
            <source>Head office</source>
            <translation>总行</translation>
        </message>
        <message>
            <source>Branch</source>
            <translation>网点</translation>
        </message>
        <message>
            <source>A field laptop: its inspections' answers, notes, photos, timer marks and signatures, and amendments after submission.</source>
            <translation>现场笔记本：所做检查的答案、备注、照片、计时点和签名，以及提交后的更正。</translation>
        </message>
        <message>
            <source>Reviews inspections: comments, approves, returns and reopens them; internal notes; deadlines and follow-up of findings.</source>
            <translation>审核检查：评论、审核通过、退回和重新打开；内部备注；问题的整改期限与跟进。</translation>
        </message>
        <message>
            <source>Branches and checklist forms, verification of rectifications, and everything a lead may do.</source>
            <translation>网点和检查表、整改验收，以及督导组长可做的一切。</translation>
        </message>
    </context>
    <context>
        <name>ApproveDialog</name>
        <message>
            <source>Sign as the lead</source>
            <translation>以组长身份签名</translation>
        </message>
        <message>
            <source>Approve the inspection</source>
            <translation>审核通过检查</translation>
        </message>
        <message>
            <source>Approving locks this revision. A comment is optional.</source>
            <translation>审核通过后本版本锁定。意见可不填。</translation>
        </message>
        <message>
            <source>Approve</source>
            <translation>审核通过</translation>
        </message>
    </context>
    <context>
        <name>CommentThread</name>
        <message>
            <source>Lead's comments: redo this item</source>
            <translation>组长意见：本项需重做</translation>
        </message>
        <message numerus="yes">
            <source>Comments (%n)</source>
            <translation>
                <numerusform>意见（%n）</numerusform>
            </translation>
        </message>
        <message>
            <source>No comments yet</source>
            <translation>暂无意见</translation>
        </message>
        <message>
            <source>Comment…</source>
            <translation>意见…</translation>
        </message>
        <message>
            <source>Add a comment; comments are kept and cannot be edited or deleted</source>
            <translation>添加意见；意见会保留，不能修改或删除</translation>
        </message>
        <message>
            <source>Add comment</source>
            <translation>添加意见</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>What should the inspector check or redo?</source>
            <translation>检查员需要核对或重做什么？</translation>
        </message>
    </context>
    <context>
        <name>ReturnDialog</name>
        <message>
            <source>Items to redo (failed items first):</source>
            <translation>需重做的项目（不合格项在前）：</translation>
        </message>
        <message>
            <source>failed</source>
            <translation>不合格</translation>
        </message>
        <message>
            <source>Return to the inspector</source>
            <translation>退回检查员</translation>
        </message>
        <message>
            <source>Why is it returned? The inspector sees this reason, and each item named below gets it as a comment.</source>
            <translation>退回原因？检查员会看到此原因，下面勾选的每一项都会收到这条意见。</translation>
        </message>
        <message>
            <source>Return</source>
            <translation>退回</translation>
        </message>
    </context>
    <context>
        <name>ReviewActions</name>
        <message>
            <source>Amend the submitted inspection</source>
            <translation>更正已提交的检查</translation>
        </message>
        <message>
            <source>Why are the submitted answers changed? This reason is recorded with every change you make now; the score is recomputed and the revision rises.</source>
            <translation>为什么更改已提交的答案？此原因会随现在的每项修改一并记录；分数重新计算，版本号递增。</translation>
        </message>
        <message>
            <source>Amend</source>
            <translation>更正</translation>
        </message>
        <message>
            <source>Inspection approved</source>
            <translation>检查已审核通过</translation>
        </message>
        <message numerus="yes">
            <source>Returned to the inspector: %n item(s) to redo</source>
            <translation>
                <numerusform>已退回检查员：%n 项需重做</numerusform>
            </translation>
        </message>
        <message>
            <source>Reopen the approved inspection</source>
            <translation>重新打开已审核的检查</translation>
        </message>
        <message>
            <source>Why is it reopened? It is then under review again and the inspector may amend it.</source>
            <translation>重新打开的原因？检查将重新进入审核，检查员可以更正。</translation>
        </message>
        <message>
            <source>Reopen</source>
            <translation>重新打开</translation>
        </message>
        <message>
            <source>Inspection reopened</source>
            <translation>检查已重新打开</translation>
        </message>
    </context>
    <context>
        <name>ReviewPanel</name>
        <message>
            <source>Score %1 of 100, %2 failed item(s)</source>
            <translation>得分 %1（满分 100），不合格 %2 项</translation>
        </message>
        <message>
            <source>Veto: %1</source>
            <translation>否决项：%1</translation>
        </message>
        <message>
            <source>No findings</source>
            <translation>无问题</translation>
        </message>
        <message>
            <source>%1, revision %2</source>
            <translation>%1，第 %2 版</translation>
        </message>
        <message>
            <source>Reopened</source>
            <translation>已重新打开</translation>
        </message>
        <message>
            <source>Not reviewed yet</source>
            <translation>尚未审核</translation>
        </message>
        <message>
            <source>Score breakdown</source>
            <translation>得分明细</translation>
        </message>
        <message>
            <source>Findings</source>
            <translation>问题</translation>
        </message>
        <message>
            <source>Review</source>
            <translation>审核</translation>
        </message>
        <message>
            <source>Comments on the whole inspection</source>
            <translation>对整次检查的意见</translation>
        </message>
        <message>
            <source>◀ Failed</source>
            <translation>◀ 不合格</translation>
        </message>
        <message>
            <source>Previous failed item (%1)</source>
            <translation>上一个不合格项（%1）</translation>
        </message>
        <message>
            <source>Failed ▶</source>
            <translation>不合格 ▶</translation>
        </message>
        <message>
            <source>Next failed item (%1)</source>
            <translation>下一个不合格项（%1）</translation>
        </message>
        <message>
            <source>Commented ▶</source>
            <translation>有意见 ▶</translation>
        </message>
        <message>
            <source>Next item with a comment (%1; %2 goes back)</source>
            <translation>下一个有意见的项目（%1；%2 向前）</translation>
        </message>
    </context>
    <context>
        <name>StatusBanner</name>
        <message>
            <source>&lt;b&gt;Returned&lt;/b&gt; by %1 on %2: “%3”.</source>
            <translation>&lt;b&gt;已退回&lt;/b&gt;：%1 于 %2 退回，原因“%3”。</translation>
        </message>
        <message numerus="yes">
            <source> %n item(s) to redo are marked below.</source>
            <translation>
                <numerusform>下方已标出 %n 项需重做。</numerusform>
            </translation>
        </message>
        <message>
            <source> Change what is asked, then submit again (Ctrl+Shift+S).</source>
            <translation>请按要求修改，然后重新提交（Ctrl+Shift+S）。</translation>
        </message>
        <message>
            <source>&lt;b&gt;Amending&lt;/b&gt; (reason: “%1”), revision %2. Every change is audited with this reason and the score is recomputed.</source>
            <translation>&lt;b&gt;正在更正&lt;/b&gt;（原因：“%1”），第 %2 版。每项修改都以此原因记入审计，分数重新计算。</translation>
        </message>
        <message>
            <source>Submitted %1, revision %2. The answers are locked and the score is final; to correct something, use Amend… and give the reason.</source>
            <translation>已于 %1 提交，第 %2 版。答案已锁定，分数为最终分数；如需更正，请点“更正…”并填写原因。</translation>
        </message>
        <message>
            <source>&lt;b&gt;Approved&lt;/b&gt; by %1 on %2. The inspection is locked; ask the lead to reopen it to change anything.</source>
            <translation>&lt;b&gt;已审核通过&lt;/b&gt;：%1 于 %2 审核。检查已锁定；如需修改，请组长重新打开。</translation>
        </message>
        <message>
            <source>&lt;b&gt;Approved&lt;/b&gt; by %1 on %2 (revision %3). Reopen it, with a reason, to let the inspector change it.</source>
            <translation>&lt;b&gt;已审核通过&lt;/b&gt;：%1 于 %2 审核（第 %3 版）。如需检查员修改，请填写原因重新打开。</translation>
        </message>
        <message>
            <source>&lt;b&gt;Review&lt;/b&gt; of revision %1, submitted %2. The answers are read-only: comment on items, then approve or return it.</source>
            <translation>&lt;b&gt;审核&lt;/b&gt;第 %1 版，%2 提交。答案只读：可对各项提出意见，然后审核通过或退回。</translation>
        </message>
        <message>
            <source>%1, revision %2. Read-only: the answers are the inspector's.</source>
            <translation>%1，第 %2 版。只读：答案归检查员所有。</translation>
        </message>
    </context>
    <context>
        <name>ItemOutcome</name>
        <message>
            <source>The fail counts after %1 min in the branch</source>
            <translation>在厅停留满 %1 分钟后不合格方计入</translation>
        </message>
        <message>
            <source>%1 of %2 pts</source>
            <translation>得 %1 / %2 分</translation>
        </message>
        <message>
            <source>Failed</source>
            <translation>不合格</translation>
        </message>
        <message>
            <source>Points lost</source>
            <translation>扣分</translation>
        </message>
        <message>
            <source>Full points</source>
            <translation>满分</translation>
        </message>
    </context>
    <context>
        <name>ReasonChips</name>
        <message>
            <source>Deduction reason (key, or R):</source>
            <translation>扣分原因（按数字键，或 R）：</translation>
        </message>
    </context>
    <context>
        <name>ReasonPopup</name>
        <message>
            <source>Deduction reason: press 1–%1, or type one</source>
            <translation>扣分原因：按 1–%1 选择，或直接输入</translation>
        </message>
        <message>
            <source>Another reason… (Enter)</source>
            <translation>其他原因…（回车确认）</translation>
        </message>
    </context>
    <context>
        <name>RedactionCanvas</name>
        <message>
            <source>No image</source>
            <translation>无图像</translation>
        </message>
    </context>
    <context>
        <name>RedactionDialog</name>
        <message>
            <source>This photo cannot be shown</source>
            <translation>无法显示此照片</translation>
        </message>
        <message>
            <source>found</source>
            <translation>自动识别</translation>
        </message>
        <message>
            <source>drawn</source>
            <translation>手动框选</translation>
        </message>
        <message>
            <source>Face</source>
            <translation>人脸</translation>
        </message>
        <message>
            <source>ID card</source>
            <translation>身份证件</translation>
        </message>
        <message>
            <source>Screen</source>
            <translation>屏幕</translation>
        </message>
        <message>
            <source>Document</source>
            <translation>文件</translation>
        </message>
        <message>
            <source>Other</source>
            <translation>其他</translation>
        </message>
        <message>
            <source>Looking for faces…</source>
            <translation>正在识别人脸…</translation>
        </message>
        <message>
            <source>Saving the redacted copy…</source>
            <translation>正在保存打码副本…</translation>
        </message>
        <message>
            <source>Redact photo</source>
            <translation>照片打码</translation>
        </message>
        <message>
            <source>Find faces</source>
            <translation>识别人脸</translation>
        </message>
        <message>
            <source>Remove box</source>
            <translation>删除遮挡框</translation>
        </message>
        <message>
            <source>New box:</source>
            <translation>新框类型：</translation>
        </message>
        <message>
            <source>Checked boxes are pixelated in every copy that leaves the office: the branch copy of the notice and packages to branches and inspectors</source>
            <translation>勾选的区域在所有离开总行的副本中打码：整改通知书网点联，以及发往网点和检查员的数据包</translation>
        </message>
        <message numerus="yes">
            <source>%n face(s) found; drag on the photo to add a box</source>
            <translation>
                <numerusform>识别到 %n 张人脸；在照片上拖动可添加遮挡框</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>AppealBox</name>
        <message>
            <source>Not appealed: the appeal window closed on %1.</source>
            <translation>未申诉：申诉期已于 %1 届满。</translation>
        </message>
        <message>
            <source>The branch's reason for the appeal</source>
            <translation>网点的申诉理由</translation>
        </message>
        <message>
            <source>The reason for the decision</source>
            <translation>决定理由</translation>
        </message>
        <message>
            <source>Not appealed. The branch may appeal until %1.</source>
            <translation>未申诉。网点可在 %1 前（含当日）提出申诉。</translation>
        </message>
        <message>
            <source>Appealed on %1 by %2</source>
            <translation>%1 由 %2 登记申诉</translation>
        </message>
        <message numerus="yes">
            <source>%n evidence photo(s)</source>
            <translation>
                <numerusform>%n 张佐证照片</numerusform>
            </translation>
        </message>
        <message>
            <source>Overturned: the points are restored</source>
            <translation>申诉成立：扣分已恢复</translation>
        </message>
        <message>
            <source>Upheld: the deduction stands</source>
            <translation>申诉驳回：维持扣分</translation>
        </message>
        <message numerus="yes">
            <source>%n evidence photo(s) chosen</source>
            <translation>
                <numerusform>已选 %n 张佐证照片</numerusform>
            </translation>
        </message>
        <message>
            <source>Appeal saved</source>
            <translation>申诉已保存</translation>
        </message>
        <message>
            <source>Appeal</source>
            <translation>申诉</translation>
        </message>
        <message>
            <source>Evidence photos…</source>
            <translation>佐证照片…</translation>
        </message>
        <message>
            <source>Record appeal</source>
            <translation>登记申诉</translation>
        </message>
        <message>
            <source>Uphold</source>
            <translation>维持扣分</translation>
        </message>
        <message>
            <source>Overturn</source>
            <translation>撤销扣分</translation>
        </message>
        <message>
            <source>Waiting for the lead to decide.</source>
            <translation>等待组长决定。</translation>
        </message>
    </context>
    <context>
        <name>LedgerDialog</name>
        <message>
            <source>PDF documents (*.pdf)</source>
            <translation>PDF 文档 (*.pdf)</translation>
        </message>
        <message>
            <source>Excel workbooks (*.xlsx)</source>
            <translation>Excel 工作簿 (*.xlsx)</translation>
        </message>
        <message>
            <source>Export the supervision ledger</source>
            <translation>导出监督日志</translation>
        </message>
        <message>
            <source>Exporting…</source>
            <translation>正在导出…</translation>
        </message>
        <message numerus="yes">
            <source>Wrote %1: %n supervision act(s)</source>
            <translation>
                <numerusform>已写入 %1：%n 条监督记录</numerusform>
            </translation>
        </message>
        <message>
            <source>Supervision ledger</source>
            <translation>监督日志</translation>
        </message>
        <message>
            <source>From:</source>
            <translation>起始日期：</translation>
        </message>
        <message>
            <source>To:</source>
            <translation>截止日期：</translation>
        </message>
        <message>
            <source>Region:</source>
            <translation>所属机构：</translation>
        </message>
        <message>
            <source>File type:</source>
            <translation>文件类型：</translation>
        </message>
        <message>
            <source>All regions</source>
            <translation>全部机构</translation>
        </message>
        <message>
            <source>Export…</source>
            <translation>导出…</translation>
        </message>
    </context>
    <context>
        <name>BranchStaffPanel</name>
        <message>
            <source>left</source>
            <translation>离岗</translation>
        </message>
        <message>
            <source>failed</source>
            <translation>未通过</translation>
        </message>
        <message>
            <source>passed</source>
            <translation>通过</translation>
        </message>
        <message>
            <source>Staff of %1: %2</source>
            <translation>%1 网点员工：%2 人</translation>
        </message>
        <message>
            <source>Choose an employee to see the items they were named in.</source>
            <translation>选择一名员工，查看涉及其本人的检查项。</translation>
        </message>
        <message>
            <source>%1 %2: named in %3 item(s), %4 failed</source>
            <translation>%1 %2：涉及 %3 项，其中 %4 项未通过</translation>
        </message>
        <message>
            <source>Employee no.</source>
            <translation>工号</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>姓名</translation>
        </message>
        <message>
            <source>Post</source>
            <translation>岗位</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Visit</source>
            <translation>检查日期</translation>
        </message>
        <message>
            <source>Item</source>
            <translation>检查项</translation>
        </message>
        <message>
            <source>Text</source>
            <translation>内容</translation>
        </message>
        <message>
            <source>Counter</source>
            <translation>窗口</translation>
        </message>
        <message>
            <source>Result</source>
            <translation>结果</translation>
        </message>
    </context>
    <context>
        <name>StaffField</name>
        <message>
            <source>not in the branch's staff register</source>
            <translation>不在本网点员工名册中</translation>
        </message>
        <message>
            <source>Staff / counter</source>
            <translation>人员 / 窗口</translation>
        </message>
        <message>
            <source>Employee no. or name</source>
            <translation>工号或姓名</translation>
        </message>
        <message>
            <source>Counter</source>
            <translation>窗口号</translation>
        </message>
        <message>
            <source>Whom the item concerns: S on the card, Enter to store</source>
            <translation>该项涉及的人员：在卡片上按 S，按 Enter 保存</translation>
        </message>
    </context>
</TS>
