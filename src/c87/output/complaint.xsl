<?xml version="1.0" encoding="UTF-8"?>
<!--
  A complaint to the ILO Committee on Freedom of Association, as c87 writes it (Akoma
  Ntoso 3.0 doc name="complaint"), rendered as one printable HTML page: the preface, the
  body with the allegations numbered, a timeline of the events, the principles engaged
  with their text, the evidence quoted, the signature block and the letter as an annex.

  XSLT 1.0 (run by lxml / libxslt). It reads the Akoma Ntoso body for the text and the
  c87:complaint block (meta/proprietary) for the timeline; it fetches nothing.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:akn="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
    xmlns:c87="https://w3id.org/c87/complaint#"
    exclude-result-prefixes="akn c87">

  <xsl:output method="html" encoding="UTF-8" indent="no"/>

  <xsl:variable name="doc" select="/akn:akomaNtoso/akn:doc"/>
  <xsl:variable name="refs" select="$doc/akn:meta/akn:references"/>
  <xsl:variable name="complaint" select="$doc/akn:meta/akn:proprietary/c87:complaint"/>

  <!-- The running header of the printed pages: the title and the case id, made safe to sit
       in a CSS string (no quote, backslash or angle bracket can end it or the style). -->
  <xsl:variable name="css-unsafe">"\&lt;&gt;</xsl:variable>
  <xsl:variable name="running-title" select="translate(normalize-space(
      $doc/akn:preface/akn:longTitle), $css-unsafe, &quot;'&quot;)"/>
  <xsl:variable name="running-case" select="translate(normalize-space(
      $doc/akn:meta/akn:identification/akn:FRBRWork/akn:FRBRnumber/@value), $css-unsafe,
      &quot;'&quot;)"/>

  <xsl:key name="ref" match="akn:references/*" use="concat('#', @eId)"/>
  <xsl:key name="allegation" match="c87:allegation" use="@event"/>

  <!-- The page ===================================================================== -->

  <xsl:template match="/">
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta name="generator" content="c87 complaint.xsl"/>
        <title><xsl:value-of select="normalize-space($doc/akn:preface/akn:longTitle)"/></title>
        <style>
/* Screen and print. The print layout (A4, running header, page numbers, nothing cut
   across pages where avoidable) is the same in browsers (Chromium 131 and later) and in
   WeasyPrint, which c87 convert --to pdf uses: CSS Paged Media margin boxes, no
   extension of either engine. */
@page {
  size: A4;
  margin: 2.4cm 2cm 2.2cm 2cm;
  @top-left { content: "<xsl:value-of select="$running-title"/>"; font-family: "DejaVu Serif", Georgia, serif;
              font-size: 8.5pt; color: #444; vertical-align: bottom; padding-bottom: 0.35cm; }
  @top-right { content: "Ref. <xsl:value-of select="$running-case"/>"; font-family: "DejaVu Serif", Georgia, serif;
               font-size: 8.5pt; color: #444; vertical-align: bottom; padding-bottom: 0.35cm; }
  @bottom-center { content: "Page " counter(page) " of " counter(pages);
                   font-family: "DejaVu Serif", Georgia, serif; font-size: 8.5pt; color: #444;
                   vertical-align: top; padding-top: 0.35cm; }
}
html { font-family: "DejaVu Serif", Georgia, "Times New Roman", serif; font-size: 11pt;
       line-height: 1.45; color: #111; background: #fff; }
body { max-width: 46em; margin: 2em auto; padding: 0 1.5em; }
header.preface { border-bottom: 2px solid #111; margin-bottom: 1.5em; padding-bottom: 0.8em; }
header.preface .addressee { margin: 0 0 1.2em 0; }
h1 { font-size: 1.6em; line-height: 1.2; margin: 0.2em 0 0.4em 0; }
h2 { font-size: 1.2em; margin: 1.6em 0 0.5em 0; border-bottom: 1px solid #999;
     padding-bottom: 0.15em; }
h3 { font-size: 1em; margin: 0 0 0.3em 0; }
.meta-line { color: #333; margin: 0.15em 0; }
.paragraph { margin: 0 0 0.9em 0; }
.allegation { border-left: 3px solid #444; padding: 0.3em 0 0.3em 0.9em; margin: 0 0 1em 0; }
.allegation .num { display: inline-block; min-width: 1.8em; }
.paragraph.plain { display: flex; }
.paragraph.plain > .num { flex: 0 0 2.2em; font-weight: bold; padding-top: 0.25em; }
.paragraph.plain > .body { flex: 1 1 auto; }
p { margin: 0.25em 0; orphans: 3; widows: 3; }
p.when { font-weight: bold; }
p.evidence { margin: 0.4em 0 0.2em 0; font-size: 0.95em; }
p.evidence q { font-style: italic; quotes: none; }
p.note, p.engaged { color: #444; font-size: 0.92em; }
p.text { margin-left: 1.2em; }
p.intent { font-weight: bold; }
p.when.undated { font-weight: normal; color: #555; }
table.timeline { border-collapse: collapse; width: 100%; font-size: 0.92em; }
table.timeline th, table.timeline td { border-bottom: 1px solid #bbb; padding: 0.25em 0.4em;
                                       text-align: left; vertical-align: top; }
table.timeline th { border-bottom: 2px solid #444; }
table.timeline td.when { width: 24%; }
table.timeline td.what { width: 50%; }
table.timeline tr.context td { color: #555; }
section.signature { margin-top: 2.5em; }
section.signature .line { margin: 3em 0 0.3em 0; width: 18em; border-top: 1px solid #111; }
section.signature .name { font-weight: bold; }
section.annex { break-before: page; page-break-before: always; }
section.annex .letter { font-size: 0.92em; border: 1px solid #bbb; padding: 0.8em 1em; }
footer { margin-top: 3em; border-top: 1px solid #999; padding-top: 0.5em; color: #555;
         font-size: 0.8em; }
a { color: inherit; }
/* Pages: a heading stays with what follows it; an allegation, a principle, a request,
   a timeline row and the signature block are not split across two pages unless one is
   longer than a page; the timeline's column heads repeat on every page it spans. */
h1, h2, h3 { break-after: avoid; page-break-after: avoid; break-inside: avoid; }
.allegation, .paragraph, table.timeline tr, section.signature, footer {
  break-inside: avoid; page-break-inside: avoid; }
table.timeline thead { display: table-header-group; }
@media print {
  body { margin: 0; max-width: none; padding: 0; }
  a { text-decoration: none; }
}
        </style>
      </head>
      <body>
        <xsl:apply-templates select="$doc/akn:preface"/>
        <main>
          <xsl:apply-templates select="$doc/akn:mainBody/akn:section"/>
        </main>
        <xsl:apply-templates select="$doc/akn:conclusions"/>
        <xsl:apply-templates select="$doc/akn:attachments/akn:attachment"/>
        <footer>
          <p><xsl:value-of select="$complaint/c87:note"/></p>
          <p>Akoma Ntoso: <xsl:value-of
              select="$doc/akn:meta/akn:identification/akn:FRBRExpression/akn:FRBRthis/@value"/>
            · made with <xsl:value-of select="key('ref', '#c87')/@showAs"/></p>
        </footer>
      </body>
    </html>
  </xsl:template>

  <!-- Preface ======================================================================= -->

  <xsl:template match="akn:preface">
    <header class="preface">
      <xsl:apply-templates select="akn:p[@class='addressee']"/>
      <h1><xsl:apply-templates select="akn:longTitle/akn:p/node()"/></h1>
      <xsl:apply-templates select="akn:p[not(@class='addressee')]"/>
    </header>
  </xsl:template>

  <xsl:template match="akn:preface/akn:p">
    <p class="meta-line {@class}"><xsl:apply-templates/></p>
  </xsl:template>

  <!-- Body =========================================================================== -->

  <xsl:template match="akn:section">
    <section id="{@eId}">
      <h2><xsl:value-of select="akn:num"/><xsl:text> </xsl:text>
        <xsl:apply-templates select="akn:heading/node()"/></h2>
      <xsl:apply-templates select="akn:content/* | akn:paragraph | akn:subsection"/>
    </section>
    <!-- The timeline follows the allegations. -->
    <xsl:if test="@eId = 'sec_allegations'">
      <xsl:call-template name="timeline"/>
    </xsl:if>
  </xsl:template>

  <!-- A heading the allegations are grouped under, then its allegations (by date). -->
  <xsl:template match="akn:section[@eId='sec_allegations']/akn:subsection">
    <section class="allegation-group" id="{@eId}">
      <h3><xsl:value-of select="akn:num"/><xsl:text> </xsl:text>
        <xsl:apply-templates select="akn:heading/node()"/></h3>
      <xsl:apply-templates select="akn:paragraph"/>
    </section>
  </xsl:template>

  <xsl:template match="akn:section[@eId='sec_allegations']//akn:paragraph">
    <article class="allegation" id="{@eId}">
      <h4><span class="num"><xsl:value-of select="akn:num"/></span>
        <xsl:apply-templates select="akn:heading/node()"/></h4>
      <xsl:apply-templates select="akn:content/*"/>
    </article>
  </xsl:template>

  <xsl:template match="akn:paragraph">
    <div class="paragraph" id="{@eId}">
      <h3><xsl:value-of select="akn:num"/><xsl:text> </xsl:text>
        <xsl:apply-templates select="akn:heading/node()"/></h3>
      <xsl:apply-templates select="akn:content/*"/>
    </div>
  </xsl:template>

  <!-- A principle: its label is its heading (the notation, its num, is in the label). -->
  <xsl:template match="akn:section[@eId='sec_principles']/akn:paragraph">
    <div class="paragraph principle" id="{@eId}">
      <h3><xsl:apply-templates select="akn:heading/node()"/></h3>
      <xsl:apply-templates select="akn:content/*"/>
    </div>
  </xsl:template>

  <!-- A paragraph without heading (a request ...): its number hangs in the margin. -->
  <xsl:template match="akn:paragraph[not(akn:heading)]">
    <div class="paragraph plain" id="{@eId}">
      <span class="num"><xsl:value-of select="akn:num"/></span>
      <div class="body"><xsl:apply-templates select="akn:content/*"/></div>
    </div>
  </xsl:template>

  <xsl:template match="akn:p">
    <p>
      <xsl:if test="@class"><xsl:attribute name="class"><xsl:value-of select="@class"/></xsl:attribute></xsl:if>
      <xsl:apply-templates/>
    </p>
  </xsl:template>

  <!-- Inline markup: the text, its kind as a class, the reference as a tooltip. -->
  <xsl:template match="akn:person | akn:organization | akn:location | akn:concept | akn:role
                       | akn:docProponent | akn:docNumber | akn:docTitle">
    <span class="{local-name()}">
      <xsl:if test="@refersTo">
        <xsl:attribute name="title"><xsl:value-of select="key('ref', @refersTo)/@href"/></xsl:attribute>
      </xsl:if>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <xsl:template match="akn:date | akn:docDate">
    <time datetime="{@date}"><xsl:apply-templates/></time>
  </xsl:template>

  <xsl:template match="akn:embeddedText">
    <q><xsl:if test="@xml:lang"><xsl:attribute name="lang"><xsl:value-of select="@xml:lang"/></xsl:attribute></xsl:if><xsl:value-of
        select="@startQuote"/><xsl:apply-templates/><xsl:value-of select="@endQuote"/></q>
  </xsl:template>

  <xsl:template match="akn:ref">
    <a href="{@href}"><xsl:apply-templates/></a>
  </xsl:template>

  <!-- The letter's line breaks are where its lines were wrapped: the page reflows them. -->
  <xsl:template match="akn:eol"><xsl:text> </xsl:text></xsl:template>

  <xsl:template match="akn:signature"><xsl:apply-templates/></xsl:template>

  <!-- Timeline ======================================================================= -->

  <xsl:template name="timeline">
    <xsl:variable name="events" select="$complaint/c87:facts/c87:event"/>
    <section id="timeline">
      <h2>Timeline of the events</h2>
      <table class="timeline">
        <thead><tr><th>When</th><th>What</th><th>Type</th><th>Allegation</th></tr></thead>
        <tbody>
          <xsl:for-each select="$events[@date or @start or @end]">
            <xsl:sort select="concat(@date, @start, @end)"/>
            <xsl:call-template name="timeline-row"/>
          </xsl:for-each>
          <xsl:for-each select="$events[not(@date or @start or @end)]">
            <xsl:call-template name="timeline-row"/>
          </xsl:for-each>
        </tbody>
      </table>
    </section>
  </xsl:template>

  <xsl:template name="timeline-row">
    <xsl:variable name="number" select="key('allegation', @id)/@number"/>
    <tr>
      <xsl:if test="@allegedViolation = 'false'"><xsl:attribute name="class">context</xsl:attribute></xsl:if>
      <td class="when">
        <xsl:choose>
          <xsl:when test="@date"><xsl:call-template name="human-date"><xsl:with-param name="d" select="@date"/></xsl:call-template></xsl:when>
          <xsl:when test="@start and @end">
            <xsl:call-template name="human-date"><xsl:with-param name="d" select="@start"/></xsl:call-template>
            <xsl:text> – </xsl:text>
            <xsl:call-template name="human-date"><xsl:with-param name="d" select="@end"/></xsl:call-template>
          </xsl:when>
          <xsl:when test="@start">since <xsl:call-template name="human-date"><xsl:with-param name="d" select="@start"/></xsl:call-template></xsl:when>
          <xsl:when test="@end">until <xsl:call-template name="human-date"><xsl:with-param name="d" select="@end"/></xsl:call-template></xsl:when>
          <xsl:otherwise>undated</xsl:otherwise>
        </xsl:choose>
        <xsl:if test="@approximate = 'true' and (@date or @start or @end)"> (approx.)</xsl:if>
      </td>
      <!-- The event's line as the references give it: its summary, never cut inside a
           word, without the type's label (the next column), or else the type. -->
      <td class="what"><xsl:value-of select="key('ref', concat('#event_', @id))/@showAs"/></td>
      <td><xsl:value-of select="key('ref', concat('#type_', @type))/@showAs"/></td>
      <td>
        <xsl:choose>
          <xsl:when test="$number"><a href="#sec_allegations__para_{$number}"><xsl:value-of select="$number"/></a></xsl:when>
          <xsl:when test="@type = 'communication'">communication</xsl:when>
          <xsl:otherwise>background</xsl:otherwise>
        </xsl:choose>
      </td>
    </tr>
  </xsl:template>

  <!-- 2020-06-10 -> 10 June 2020; 2020-02 -> February 2020; 2020 -> 2020 -->
  <xsl:template name="human-date">
    <xsl:param name="d"/>
    <xsl:variable name="months" select="'January  February March    April    May      June     July     August   SeptemberOctober  November December '"/>
    <xsl:variable name="year" select="substring($d, 1, 4)"/>
    <xsl:variable name="month" select="normalize-space(substring($months, (number(substring($d, 6, 2)) - 1) * 9 + 1, 9))"/>
    <xsl:choose>
      <xsl:when test="string-length($d) = 10"><xsl:value-of select="number(substring($d, 9, 2))"/><xsl:text> </xsl:text><xsl:value-of select="$month"/><xsl:text> </xsl:text><xsl:value-of select="$year"/></xsl:when>
      <xsl:when test="string-length($d) = 7"><xsl:value-of select="$month"/><xsl:text> </xsl:text><xsl:value-of select="$year"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$d"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Conclusions: the signature block ================================================= -->

  <xsl:template match="akn:conclusions">
    <section class="signature" id="signature">
      <xsl:apply-templates select="akn:p[@class='for']"/>
      <div class="line"></div>
      <p class="name"><xsl:apply-templates select="akn:p[@class='signature']/akn:signature/node()"/></p>
      <xsl:apply-templates select="akn:p[@class='date']"/>
    </section>
  </xsl:template>

  <!-- The letter, annexed ============================================================= -->

  <xsl:template match="akn:attachment">
    <section class="annex" id="{@eId}">
      <h2>Annex <xsl:value-of select="position()"/>: the letter</h2>
      <p class="meta-line"><xsl:value-of
          select="akn:doc/akn:meta/akn:identification/akn:FRBRWork/akn:FRBRalias[@name='title']/@value"/></p>
      <div class="letter">
        <xsl:apply-templates select="akn:doc/akn:mainBody/akn:p"/>
      </div>
    </section>
  </xsl:template>

  <xsl:template match="text()"><xsl:value-of select="."/></xsl:template>
</xsl:stylesheet>
