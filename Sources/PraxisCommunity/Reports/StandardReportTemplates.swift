/// The compiled-in default templates of the weekly report: exactly the text of
/// `Config/templates/report.txt.mustache` and `report.html.mustache` (a test keeps them equal), so
/// an installation without template files still writes the report.
enum StandardReportTemplates {
    static let text = #"""
{{% CONTENT_TYPE: TEXT}}
{{community}} - weekly report {{week}}
{{period}} ({{timeZone}})

AT A GLANCE
  Posts                 {{headline.posts}} ({{headline.comparison}})
  Threads               {{headline.threads}} active, {{headline.newThreads}} new
  Active contributors   {{headline.activeContributors}}
  New contributors      {{headline.newContributors}} (first post ever)
  New members           {{headline.newMembers}}
  Members who left      {{headline.membersLeft}}
  Members               {{headline.members}}
  Core group            {{headline.coreGroup}}
{{#hasStandstill}}

STANDSTILL WARNING
{{/hasStandstill}}
{{#standstill}}
  ! {{text}}
{{/standstill}}

SUB-ISSUES
{{#subIssues}}
  {{name}}{{#isProtected}} (protected: counts only){{/isProtected}}
    {{activity}}, inner circle {{innerCircle}}
{{#moderators}}
    moderators: {{moderators}}
{{/moderators}}
{{#hasTrend}}
    12 weeks: {{sparkline}}  ({{trendText}})
{{/hasTrend}}
{{^hasTrend}}
    No posts in the last 12 weeks.
{{/hasTrend}}
{{/subIssues}}
{{#hasCircles}}

CIRCLES
{{#hasTransitions}}
  Changes this week:
{{/hasTransitions}}
{{#transitions}}
  - {{address}} {{direction}} in {{subIssue}} ({{from}} -> {{to}}, {{date}}): {{reason}}
{{/transitions}}
{{#protectedTransitions}}
  - {{protectedTransitionsWords}} in protected sub-issues
{{/protectedTransitions}}
{{#hasCandidates}}
  Close to the inner circle:
{{/hasCandidates}}
{{#candidates}}
  - {{address}} in {{subIssue}}: {{activity}}; {{standing}}
{{/candidates}}
{{#moreCandidates}}
  - and {{moreCandidates}} more
{{/moreCandidates}}
{{#protectedCandidates}}
  - {{protectedCandidatesWords}} in protected sub-issues
{{/protectedCandidates}}
{{#hasQuietInner}}
  Inner circle gone quiet (demoted after {{demotionDays}} days of silence):
{{/hasQuietInner}}
{{#quietInner}}
  - {{address}} in {{subIssue}}: silent for {{silentDays}} days{{#overdue}} (due for demotion){{/overdue}}
{{/quietInner}}
{{#protectedQuietInner}}
  - {{protectedQuietInnerWords}} in protected sub-issues
{{/protectedQuietInner}}
{{/hasCircles}}
{{#hasAttention}}

ATTENTION
{{#hasUnanswered}}
  No reply after 48 hours:
{{/hasUnanswered}}
{{#unanswered}}
  - "{{subject}}" by {{author}} in {{subIssue}}, {{date}} <{{messageID}}>
{{#web_link}}
    {{web_link}}
{{/web_link}}
{{/unanswered}}
{{#moreUnanswered}}
  - and {{moreUnanswered}} more
{{/moreUnanswered}}
{{#protectedUnanswered}}
  - {{protectedUnansweredWords}} in protected sub-issues
{{/protectedUnanswered}}
{{#medianFirstReply}}
  Median time to first reply: {{medianFirstReply}} (over {{repliedThreadsWords}} started this week)
{{/medianFirstReply}}
{{#hasQuietSubIssues}}
  Quiet for two weeks or more:
{{/hasQuietSubIssues}}
{{#quietSubIssues}}
  - {{name}}: {{since}}
{{/quietSubIssues}}
{{#hasInvitations}}
  Invited, no answer after {{invitationDays}} days:
{{/hasInvitations}}
{{#invitations}}
  - {{address}}, invited {{date}}
{{/invitations}}
{{#moreInvitations}}
  - and {{moreInvitations}} more
{{/moreInvitations}}
{{/hasAttention}}
{{#hasClassification}}

CLASSIFICATION
  {{fellToGeneralWords}} fell to general; {{lowConfidence}} classified with confidence below {{threshold}}.
{{#listed}}
  - "{{subject}}" in {{subIssue}}{{#confidence}} ({{confidence}}){{/confidence}} <{{messageID}}>
{{#web_link}}
    {{web_link}}
{{/web_link}}
{{/listed}}
{{#moreListed}}
  - and {{moreListed}} more
{{/moreListed}}
{{#protectedCount}}
  - {{protectedCount}} in protected sub-issues
{{/protectedCount}}
  To correct one: praxis classify set MESSAGE-ID SUB-ISSUE (replies in its thread follow).
{{/hasClassification}}

OPERATIONS
{{#operations}}
  - {{text}}
{{/operations}}

REVIEW
{{#objectives}}
  - {{text}}
    {{activity}}
{{/objectives}}
{{^objectives}}
  No objectives are set (community.objectives in praxis.yaml).
{{/objectives}}
  Last 12 weeks: {{quarterWords}}.
{{#decisionDue}}
  This is the last report of the quarter: decide whether to continue, refocus or disband.
{{/decisionDue}}
{{#lastDecision}}
  Last decision: {{decision}} on {{date}} by {{by}} (review of {{quarter}}): {{note}}
{{/lastDecision}}

The attached CSV lists each member's activity this week.
"""#

    static let html = #"""
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{community}} - weekly report {{week}}</title>
</head>
<body style="margin:0;padding:0;background:#f3f4f6;color:#1f2937;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:15px;line-height:1.45;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f3f4f6;">
<tr><td align="center" style="padding:16px 8px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:640px;background:#ffffff;border-radius:8px;">
<tr><td style="padding:20px 20px 8px 20px;">
<div style="font-size:13px;color:#6b7280;">{{community}}</div>
<h1 style="margin:2px 0 0 0;font-size:22px;line-height:1.25;color:#111827;">Weekly report {{week}}</h1>
<div style="font-size:13px;color:#6b7280;">{{period}} ({{timeZone}})</div>
</td></tr>

<tr><td style="padding:8px 14px 4px 14px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="6" border="0" style="table-layout:fixed;">
{{#headline.tileRows}}
<tr>
{{#tiles}}
<td valign="top" style="vertical-align:top;padding:8px 10px;background:#f9fafb;border:1px solid #e5e7eb;border-radius:6px;">
<div style="font-size:24px;font-weight:bold;color:#111827;">{{value}}</div>
<div style="font-size:12px;color:#4b5563;">{{label}}</div>
{{#note}}<div style="font-size:11px;color:{{noteColor}};">{{note}}</div>{{/note}}
</td>
{{/tiles}}
</tr>
{{/headline.tileRows}}
</table>
</td></tr>

{{#hasStandstill}}
<tr><td style="padding:8px 20px;">
<div style="background:#fef2f2;border-left:4px solid #dc2626;padding:10px 12px;border-radius:4px;">
<div style="font-weight:bold;color:#991b1b;">Standstill warning</div>
{{#standstill}}<div style="color:#7f1d1d;">{{text}}</div>{{/standstill}}
</div>
</td></tr>
{{/hasStandstill}}

<tr><td style="padding:12px 20px 0 20px;">
<h2 style="margin:8px 0 4px 0;font-size:17px;color:#111827;border-bottom:1px solid #e5e7eb;padding-bottom:4px;">Sub-issues</h2>
{{#subIssues}}
<div style="margin:12px 0 16px 0;">
<div style="font-weight:bold;color:#111827;">{{name}}{{#isProtected}} <span style="font-weight:normal;font-size:11px;color:#92400e;background:#fef3c7;border-radius:3px;padding:1px 5px;">protected: counts only</span>{{/isProtected}}</div>
<div style="font-size:13px;color:#4b5563;">{{activity}} &middot; inner circle {{innerCircle}}</div>
{{#moderators}}<div style="font-size:13px;color:#4b5563;">Moderators: {{moderators}}</div>{{/moderators}}
{{#hasTrend}}
<table role="presentation" width="100%" cellpadding="0" cellspacing="2" border="0" style="margin-top:6px;table-layout:fixed;" aria-label="Posts per week, last 12 weeks: {{trendText}}">
<tr>
{{#trend}}<td valign="bottom" height="60" style="height:60px;vertical-align:bottom;" title="{{week}}: {{posts}} posts"><div style="height:{{height}}px;background:{{color}};border-radius:2px 2px 0 0;font-size:1px;line-height:1px;">&nbsp;</div></td>{{/trend}}
</tr>
<tr>
{{#trend}}<td align="center" style="font-size:10px;color:{{labelColor}};text-align:center;">{{posts}}</td>{{/trend}}
</tr>
</table>
<div style="font-size:11px;color:#9ca3af;">Posts per week, {{firstWeek}} to {{lastWeek}}</div>
{{/hasTrend}}
{{^hasTrend}}<div style="font-size:13px;color:#9ca3af;margin-top:4px;">No posts in the last 12 weeks.</div>{{/hasTrend}}
</div>
{{/subIssues}}
</td></tr>

{{#hasCircles}}
<tr><td style="padding:12px 20px 0 20px;">
<h2 style="margin:8px 0 4px 0;font-size:17px;color:#111827;border-bottom:1px solid #e5e7eb;padding-bottom:4px;">Circles</h2>
{{#hasTransitions}}
<div style="font-weight:bold;margin-top:8px;">Changes this week</div>
<ul style="margin:4px 0;padding-left:20px;">
{{#transitions}}<li><b>{{address}}</b> {{direction}} in {{subIssue}} ({{from}} &rarr; {{to}}, {{date}}): {{reason}}</li>{{/transitions}}
</ul>
{{/hasTransitions}}
{{#protectedTransitions}}<div style="font-size:13px;color:#4b5563;">{{protectedTransitionsWords}} in protected sub-issues.</div>{{/protectedTransitions}}
{{#hasCandidates}}
<div style="font-weight:bold;margin-top:8px;">Close to the inner circle</div>
<ul style="margin:4px 0;padding-left:20px;">
{{#candidates}}<li style="word-break:break-word;"><b>{{address}}</b> in {{subIssue}}: {{activity}}; {{standing}}</li>{{/candidates}}
{{#moreCandidates}}<li>and {{moreCandidates}} more</li>{{/moreCandidates}}
</ul>
{{/hasCandidates}}
{{#protectedCandidates}}<div style="font-size:13px;color:#4b5563;">{{protectedCandidatesWords}} in protected sub-issues.</div>{{/protectedCandidates}}
{{#hasQuietInner}}
<div style="font-weight:bold;margin-top:8px;">Inner circle gone quiet</div>
<div style="font-size:13px;color:#4b5563;">Demoted after {{demotionDays}} days without a post.</div>
<ul style="margin:4px 0;padding-left:20px;">
{{#quietInner}}<li><b>{{address}}</b> in {{subIssue}}: silent for {{silentDays}} days{{#overdue}} <span style="color:#b91c1c;">(due for demotion)</span>{{/overdue}}</li>{{/quietInner}}
</ul>
{{/hasQuietInner}}
{{#protectedQuietInner}}<div style="font-size:13px;color:#4b5563;">{{protectedQuietInnerWords}} in protected sub-issues.</div>{{/protectedQuietInner}}
</td></tr>
{{/hasCircles}}

{{#hasAttention}}
<tr><td style="padding:12px 20px 0 20px;">
<h2 style="margin:8px 0 4px 0;font-size:17px;color:#111827;border-bottom:1px solid #e5e7eb;padding-bottom:4px;">Attention</h2>
{{#medianFirstReply}}<div style="margin-top:8px;">Median time to first reply: <b>{{medianFirstReply}}</b> <span style="font-size:13px;color:#6b7280;">(over {{repliedThreadsWords}} started this week)</span></div>{{/medianFirstReply}}
{{#hasUnanswered}}
<div style="font-weight:bold;margin-top:8px;">No reply after 48 hours</div>
<ul style="margin:4px 0;padding-left:20px;">
{{#unanswered}}<li style="word-break:break-word;">&ldquo;{{#web_link}}<a href="{{web_link}}" style="color:#1d4f73;">{{subject}}</a>{{/web_link}}{{^web_link}}{{subject}}{{/web_link}}&rdquo; <span style="color:#6b7280;font-size:13px;">by {{author}} in {{subIssue}}, {{date}}</span></li>{{/unanswered}}
{{#moreUnanswered}}<li>and {{moreUnanswered}} more</li>{{/moreUnanswered}}
</ul>
{{/hasUnanswered}}
{{#protectedUnanswered}}<div style="font-size:13px;color:#4b5563;">{{protectedUnansweredWords}} in protected sub-issues.</div>{{/protectedUnanswered}}
{{#hasQuietSubIssues}}
<div style="font-weight:bold;margin-top:8px;">Quiet for two weeks or more</div>
<ul style="margin:4px 0;padding-left:20px;">
{{#quietSubIssues}}<li>{{name}}: {{since}}</li>{{/quietSubIssues}}
</ul>
{{/hasQuietSubIssues}}
{{#hasInvitations}}
<div style="font-weight:bold;margin-top:8px;">Invited, no answer after {{invitationDays}} days</div>
<ul style="margin:4px 0;padding-left:20px;">
{{#invitations}}<li>{{address}} <span style="color:#6b7280;font-size:13px;">invited {{date}}</span></li>{{/invitations}}
{{#moreInvitations}}<li>and {{moreInvitations}} more</li>{{/moreInvitations}}
</ul>
{{/hasInvitations}}
</td></tr>
{{/hasAttention}}

{{#hasClassification}}
<tr><td style="padding:12px 20px 0 20px;">
<h2 style="margin:8px 0 4px 0;font-size:17px;color:#111827;border-bottom:1px solid #e5e7eb;padding-bottom:4px;">Classification</h2>
<div style="margin-top:8px;">{{fellToGeneralWords}} fell to <i>general</i>; {{lowConfidence}} {{lowConfidenceVerb}} classified with confidence below {{threshold}}.</div>
<ul style="margin:4px 0;padding-left:20px;">
{{#listed}}<li style="word-break:break-word;">&ldquo;{{#web_link}}<a href="{{web_link}}" style="color:#1d4f73;">{{subject}}</a>{{/web_link}}{{^web_link}}{{subject}}{{/web_link}}&rdquo; <span style="color:#6b7280;font-size:13px;">in {{subIssue}}{{#confidence}} ({{confidence}}){{/confidence}} &middot; {{messageID}}</span></li>{{/listed}}
{{#moreListed}}<li>and {{moreListed}} more</li>{{/moreListed}}
{{#protectedCount}}<li>{{protectedCount}} in protected sub-issues</li>{{/protectedCount}}
</ul>
<div style="font-size:13px;color:#4b5563;">To correct one: <code style="background:#f3f4f6;padding:1px 4px;border-radius:3px;word-break:break-all;">praxis classify set MESSAGE-ID SUB-ISSUE</code> (replies in its thread follow).</div>
</td></tr>
{{/hasClassification}}

<tr><td style="padding:12px 20px 0 20px;">
<h2 style="margin:8px 0 4px 0;font-size:17px;color:#111827;border-bottom:1px solid #e5e7eb;padding-bottom:4px;">Operations</h2>
<ul style="margin:8px 0 4px 0;padding-left:20px;">
{{#operations}}<li>{{text}}</li>{{/operations}}
</ul>
</td></tr>

<tr><td style="padding:12px 20px 16px 20px;">
<h2 style="margin:8px 0 4px 0;font-size:17px;color:#111827;border-bottom:1px solid #e5e7eb;padding-bottom:4px;">Review</h2>
{{#objectives}}
<div style="margin-top:8px;"><b>{{text}}</b><div style="font-size:13px;color:#4b5563;">{{activity}}</div></div>
{{/objectives}}
{{^objectives}}<div style="margin-top:8px;">No objectives are set (<code>community.objectives</code> in praxis.yaml).</div>{{/objectives}}
<div style="margin-top:8px;">Last 12 weeks: {{quarterWords}}.</div>
{{#decisionDue}}<div style="margin-top:8px;background:#eff6ff;border-left:4px solid #2563eb;padding:8px 12px;border-radius:4px;">This is the last report of the quarter: decide whether to continue, refocus or disband.</div>{{/decisionDue}}
{{#lastDecision}}<div style="margin-top:8px;">Last decision: <b>{{decision}}</b> on {{date}} by {{by}} (review of {{quarter}}): {{note}}</div>{{/lastDecision}}
</td></tr>

<tr><td style="padding:0 20px 20px 20px;font-size:12px;color:#9ca3af;">The attached CSV lists each member's activity this week.</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
"""#
}
