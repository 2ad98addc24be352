"""{% capture name %}…{% endcapture %}: a part of a template rendered once and shown again.

base.html names the page in <title> and og:title, and describes it in the description and
og:description. A Django block renders once, so base.html captures it:

    {% capture page_title %}{% block title %}…{% endblock %}{% endcapture %}
    <title>{{ page_title }} — …</title>

Child templates still fill the block as usual. What is kept is the text the block shows (its
HTML entities read back, runs of white space made one space), so `{{ page_title }}` escapes it
afresh wherever it goes: a quotation mark written in a translation („Search: "x"“) becomes
`&quot;` inside an attribute instead of ending it.
"""

import html

from django import template

register = template.Library()


class CaptureNode(template.Node):
    def __init__(self, name, nodelist):
        self.name = name
        self.nodelist = nodelist

    def render(self, context):
        context[self.name] = html.unescape(" ".join(self.nodelist.render(context).split()))
        return ""


@register.tag
def capture(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("Usage: {% capture name %}…{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(bits[1], nodelist)
