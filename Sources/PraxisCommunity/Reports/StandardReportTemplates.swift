/// The compiled-in default templates of the weekly report: exactly the text of
/// `Config/templates/report.txt.mustache` and `report.html.mustache` (a test keeps them equal), so
/// an installation without template files still writes the report.
enum StandardReportTemplates {
    static let text = #"""
{{% CONTENT_TYPE: TEXT}}
{{community}} - {{labels.title}}
{{period}} ({{timeZone}})

{{labels.AT_A_GLANCE}}
  {{glance.posts}}{{headline.posts}} ({{headline.comparison}})
  {{glance.threads}}{{headline.threadsValue}}
  {{glance.activeContributors}}{{headline.activeContributors}}
  {{glance.newContributors}}{{headline.newContributors}} ({{labels.firstPostEver}})
  {{glance.newMembers}}{{headline.newMembers}}
  {{glance.membersLeft}}{{headline.membersLeft}}
  {{glance.members}}{{headline.members}}
  {{glance.coreGroup}}{{headline.coreGroup}}
{{#hasStandstill}}

{{labels.STANDSTILL}}
{{/hasStandstill}}
{{#standstill}}
  ! {{text}}
{{/standstill}}

{{labels.SUB_ISSUES}}
{{#subIssues}}
  {{name}}{{#isProtected}} ({{labels.protectedCountsOnly}}){{/isProtected}}
    {{activity}}, {{innerCircleWords}}
{{#moderators}}
    {{moderators}}
{{/moderators}}
{{#hasTrend}}
    {{labels.twelveWeeks}}{{labels.colon}} {{sparkline}}  ({{trendText}})
{{/hasTrend}}
{{^hasTrend}}
    {{labels.noPostsTwelveWeeks}}
{{/hasTrend}}
{{/subIssues}}
{{#hasCircles}}

{{labels.CIRCLES}}
{{#hasTransitions}}
  {{labels.changesThisWeek}}{{labels.colon}}
{{/hasTransitions}}
{{#transitions}}
  - {{address}} {{change}}
{{/transitions}}
{{#protectedTransitions}}
  - {{protectedTransitionsWords}}
{{/protectedTransitions}}
{{#hasCandidates}}
  {{labels.closeToInner}}{{labels.colon}}
{{/hasCandidates}}
{{#candidates}}
  - {{address}} {{standing}}
{{/candidates}}
{{#moreCandidates}}
  - {{moreCandidatesWords}}
{{/moreCandidates}}
{{#protectedCandidates}}
  - {{protectedCandidatesWords}}
{{/protectedCandidates}}
{{#hasQuietInner}}
  {{labels.quietInner}} ({{demotedAfter}}){{labels.colon}}
{{/hasQuietInner}}
{{#quietInner}}
  - {{address}} {{silence}}{{#overdue}} {{labels.dueForDemotion}}{{/overdue}}
{{/quietInner}}
{{#protectedQuietInner}}
  - {{protectedQuietInnerWords}}
{{/protectedQuietInner}}
{{/hasCircles}}
{{#hasAttention}}

{{labels.ATTENTION}}
{{#hasUnanswered}}
  {{labels.noReply}}{{labels.colon}}
{{/hasUnanswered}}
{{#unanswered}}
  - {{quotes.open}}{{subject}}{{quotes.close}} {{byline}} <{{messageID}}>
{{#web_link}}
    {{web_link}}
{{/web_link}}
{{/unanswered}}
{{#moreUnanswered}}
  - {{moreUnansweredWords}}
{{/moreUnanswered}}
{{#protectedUnanswered}}
  - {{protectedUnansweredWords}}
{{/protectedUnanswered}}
{{#medianFirstReply}}
  {{labels.medianFirstReply}}{{labels.colon}} {{medianFirstReply}} ({{repliedThreadsWords}})
{{/medianFirstReply}}
{{#hasQuietSubIssues}}
  {{labels.quietSubIssues}}{{labels.colon}}
{{/hasQuietSubIssues}}
{{#quietSubIssues}}
  - {{name}}{{labels.colon}} {{since}}
{{/quietSubIssues}}
{{#hasInvitations}}
  {{invitationsHeading}}{{labels.colon}}
{{/hasInvitations}}
{{#invitations}}
  - {{address}}, {{invited}}
{{/invitations}}
{{#moreInvitations}}
  - {{moreInvitationsWords}}
{{/moreInvitations}}
{{/hasAttention}}
{{#hasClassification}}

{{labels.CLASSIFICATION}}
  {{classificationSummary}}.
{{#listed}}
  - {{quotes.open}}{{subject}}{{quotes.close}} {{place}}{{#confidence}} ({{confidence}}){{/confidence}} <{{messageID}}>
{{#web_link}}
    {{web_link}}
{{/web_link}}
{{/listed}}
{{#moreListed}}
  - {{moreListedWords}}
{{/moreListed}}
{{#protectedCount}}
  - {{protectedCountWords}}
{{/protectedCount}}
  {{labels.correctOne}} praxis classify set MESSAGE-ID SUB-ISSUE {{labels.repliesFollow}}
{{/hasClassification}}

{{labels.OPERATIONS}}
{{#operations}}
  - {{text}}
{{/operations}}

{{labels.REVIEW}}
{{#objectives}}
  - {{text}}
    {{activity}}
{{/objectives}}
{{^objectives}}
  {{labels.noObjectives}}
{{/objectives}}
  {{quarterWords}}
{{#decisionDue}}
  {{labels.decisionDue}}
{{/decisionDue}}
{{#lastDecision}}
  {{sentence}}
{{/lastDecision}}

{{labels.csvNote}}
"""#

    static let html = #"""
<!DOCTYPE html>
<html lang="{{language}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{community}} - {{labels.title}}</title>
</head>
<body style="margin:0;padding:0;background:#f3f4f6;color:#1f2937;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:15px;line-height:1.45;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f3f4f6;">
<tr><td align="center" style="padding:16px 8px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:640px;background:#ffffff;border-radius:8px;">
<tr><td style="padding:20px 20px 8px 20px;">
<div style="font-size:13px;color:#6b7280;">{{community}}</div>
<h1 style="margin:2px 0 0 0;font-size:22px;line-height:1.25;color:#111827;">{{labels.title}}</h1>
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
<div style="font-weight:bold;color:#991b1b;">{{labels.standstill}}</div>
{{#standstill}}<div style="color:#7f1d1d;">{{text}}</div>{{/standstill}}
</div>
</td></tr>
{{/hasStandstill}}

<tr><td style="padding:12px 20px 0 20px;">
<h2 style="margin:8px 0 4px 0;font-size:17px;color:#111827;border-bottom:1px solid #e5e7eb;padding-bottom:4px;">{{labels.subIssues}}</h2>
{{#subIssues}}
<div style="margin:12px 0 16px 0;">
<div style="font-weight:bold;color:#111827;">{{name}}{{#isProtected}} <span style="font-weight:normal;font-size:11px;color:#92400e;background:#fef3c7;border-radius:3px;padding:1px 5px;">{{labels.protectedCountsOnly}}</span>{{/isProtected}}</div>
<div style="font-size:13px;color:#4b5563;">{{activity}} &middot; {{innerCircleWords}}</div>
{{#moderators}}<div style="font-size:13px;color:#4b5563;">{{moderators}}</div>{{/moderators}}
{{#hasTrend}}
<table role="presentation" width="100%" cellpadding="0" cellspacing="2" border="0" style="margin-top:6px;table-layout:fixed;" aria-label="{{chartLabel}}">
<tr>
{{#trend}}<td valign="bottom" height="60" style="height:60px;vertical-align:bottom;" title="{{week}}{{labels.colon}} {{postsWords}}"><div style="height:{{height}}px;background:{{color}};border-radius:2px 2px 0 0;font-size:1px;line-height:1px;">&nbsp;</div></td>{{/trend}}
</tr>
<tr>
{{#trend}}<td align="center" style="font-size:10px;color:{{labelColor}};text-align:center;">{{posts}}</td>{{/trend}}
</tr>
</table>
<div style="font-size:11px;color:#9ca3af;">{{chartCaption}}</div>
{{/hasTrend}}
{{^hasTrend}}<div style="font-size:13px;color:#9ca3af;margin-top:4px;">{{labels.noPostsTwelveWeeks}}</div>{{/hasTrend}}
</div>
{{/subIssues}}
</td></tr>

{{#hasCircles}}
<tr><td style="padding:12px 20px 0 20px;">
<h2 style="margin:8px 0 4px 0;font-size:17px;color:#111827;border-bottom:1px solid #e5e7eb;padding-bottom:4px;">{{labels.circles}}</h2>
{{#hasTransitions}}
<div style="font-weight:bold;margin-top:8px;">{{labels.changesThisWeek}}</div>
<ul style="margin:4px 0;padding-left:20px;">
{{#transitions}}<li><b>{{address}}</b> {{change}}</li>{{/transitions}}
</ul>
{{/hasTransitions}}
{{#protectedTransitions}}<div style="font-size:13px;color:#4b5563;">{{protectedTransitionsWords}}</div>{{/protectedTransitions}}
{{#hasCandidates}}
<div style="font-weight:bold;margin-top:8px;">{{labels.closeToInner}}</div>
<ul style="margin:4px 0;padding-left:20px;">
{{#candidates}}<li style="word-break:break-word;"><b>{{address}}</b> {{standing}}</li>{{/candidates}}
{{#moreCandidates}}<li>{{moreCandidatesWords}}</li>{{/moreCandidates}}
</ul>
{{/hasCandidates}}
{{#protectedCandidates}}<div style="font-size:13px;color:#4b5563;">{{protectedCandidatesWords}}</div>{{/protectedCandidates}}
{{#hasQuietInner}}
<div style="font-weight:bold;margin-top:8px;">{{labels.quietInner}}</div>
<div style="font-size:13px;color:#4b5563;">{{demotedAfterSentence}}</div>
<ul style="margin:4px 0;padding-left:20px;">
{{#quietInner}}<li><b>{{address}}</b> {{silence}}{{#overdue}} <span style="color:#b91c1c;">{{labels.dueForDemotion}}</span>{{/overdue}}</li>{{/quietInner}}
</ul>
{{/hasQuietInner}}
{{#protectedQuietInner}}<div style="font-size:13px;color:#4b5563;">{{protectedQuietInnerWords}}</div>{{/protectedQuietInner}}
</td></tr>
{{/hasCircles}}

{{#hasAttention}}
<tr><td style="padding:12px 20px 0 20px;">
<h2 style="margin:8px 0 4px 0;font-size:17px;color:#111827;border-bottom:1px solid #e5e7eb;padding-bottom:4px;">{{labels.attention}}</h2>
{{#medianFirstReply}}<div style="margin-top:8px;">{{labels.medianFirstReply}}{{labels.colon}} <b>{{medianFirstReply}}</b> <span style="font-size:13px;color:#6b7280;">({{repliedThreadsWords}})</span></div>{{/medianFirstReply}}
{{#hasUnanswered}}
<div style="font-weight:bold;margin-top:8px;">{{labels.noReply}}</div>
<ul style="margin:4px 0;padding-left:20px;">
{{#unanswered}}<li style="word-break:break-word;">{{quotes.open}}{{#web_link}}<a href="{{web_link}}" style="color:#1d4f73;">{{subject}}</a>{{/web_link}}{{^web_link}}{{subject}}{{/web_link}}{{quotes.close}} <span style="color:#6b7280;font-size:13px;">{{byline}}</span></li>{{/unanswered}}
{{#moreUnanswered}}<li>{{moreUnansweredWords}}</li>{{/moreUnanswered}}
</ul>
{{/hasUnanswered}}
{{#protectedUnanswered}}<div style="font-size:13px;color:#4b5563;">{{protectedUnansweredWords}}</div>{{/protectedUnanswered}}
{{#hasQuietSubIssues}}
<div style="font-weight:bold;margin-top:8px;">{{labels.quietSubIssues}}</div>
<ul style="margin:4px 0;padding-left:20px;">
{{#quietSubIssues}}<li>{{name}}{{labels.colon}} {{since}}</li>{{/quietSubIssues}}
</ul>
{{/hasQuietSubIssues}}
{{#hasInvitations}}
<div style="font-weight:bold;margin-top:8px;">{{invitationsHeading}}</div>
<ul style="margin:4px 0;padding-left:20px;">
{{#invitations}}<li>{{address}} <span style="color:#6b7280;font-size:13px;">{{invited}}</span></li>{{/invitations}}
{{#moreInvitations}}<li>{{moreInvitationsWords}}</li>{{/moreInvitations}}
</ul>
{{/hasInvitations}}
</td></tr>
{{/hasAttention}}

{{#hasClassification}}
<tr><td style="padding:12px 20px 0 20px;">
<h2 style="margin:8px 0 4px 0;font-size:17px;color:#111827;border-bottom:1px solid #e5e7eb;padding-bottom:4px;">{{labels.classification}}</h2>
<div style="margin-top:8px;">{{classificationSummary}}.</div>
<ul style="margin:4px 0;padding-left:20px;">
{{#listed}}<li style="word-break:break-word;">{{quotes.open}}{{#web_link}}<a href="{{web_link}}" style="color:#1d4f73;">{{subject}}</a>{{/web_link}}{{^web_link}}{{subject}}{{/web_link}}{{quotes.close}} <span style="color:#6b7280;font-size:13px;">{{place}}{{#confidence}} ({{confidence}}){{/confidence}} &middot; {{messageID}}</span></li>{{/listed}}
{{#moreListed}}<li>{{moreListedWords}}</li>{{/moreListed}}
{{#protectedCount}}<li>{{protectedCountWords}}</li>{{/protectedCount}}
</ul>
<div style="font-size:13px;color:#4b5563;">{{labels.correctOne}} <code style="background:#f3f4f6;padding:1px 4px;border-radius:3px;word-break:break-all;">praxis classify set MESSAGE-ID SUB-ISSUE</code> {{labels.repliesFollow}}</div>
</td></tr>
{{/hasClassification}}

<tr><td style="padding:12px 20px 0 20px;">
<h2 style="margin:8px 0 4px 0;font-size:17px;color:#111827;border-bottom:1px solid #e5e7eb;padding-bottom:4px;">{{labels.operations}}</h2>
<ul style="margin:8px 0 4px 0;padding-left:20px;">
{{#operations}}<li>{{text}}</li>{{/operations}}
</ul>
</td></tr>

<tr><td style="padding:12px 20px 16px 20px;">
<h2 style="margin:8px 0 4px 0;font-size:17px;color:#111827;border-bottom:1px solid #e5e7eb;padding-bottom:4px;">{{labels.review}}</h2>
{{#objectives}}
<div style="margin-top:8px;"><b>{{text}}</b><div style="font-size:13px;color:#4b5563;">{{activity}}</div></div>
{{/objectives}}
{{^objectives}}<div style="margin-top:8px;">{{labels.noObjectives}}</div>{{/objectives}}
<div style="margin-top:8px;">{{quarterWords}}</div>
{{#decisionDue}}<div style="margin-top:8px;background:#eff6ff;border-left:4px solid #2563eb;padding:8px 12px;border-radius:4px;">{{labels.decisionDue}}</div>{{/decisionDue}}
{{#lastDecision}}<div style="margin-top:8px;">{{sentence}}</div>{{/lastDecision}}
</td></tr>

<tr><td style="padding:0 20px 20px 20px;font-size:12px;color:#9ca3af;">{{labels.csvNote}}</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
"""#
}
