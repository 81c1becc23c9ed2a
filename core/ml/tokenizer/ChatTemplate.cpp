#include "ml/tokenizer/ChatTemplate.h"

#include "ml/tokenizer/UnicodeRegex.h"
#include "util/Error.h"

#include <charconv>
#include <cmath>
#include <functional>
#include <map>
#include <variant>
#include <vector>

namespace prefstudio::core::ml {

using nlohmann::json;

namespace {

// ============================================================================================
// Values: JSON values, plus nlohmann's "discarded" value standing for Jinja's Undefined.
// ============================================================================================

json undefinedValue()
{
    return json(json::value_t::discarded);
}

bool isUndefined(const json& value)
{
    return value.is_discarded();
}

bool truthy(const json& value)
{
    if (isUndefined(value) || value.is_null())
        return false;
    if (value.is_boolean())
        return value.get<bool>();
    if (value.is_number_integer())
        return value.get<std::int64_t>() != 0;
    if (value.is_number())
        return value.get<double>() != 0.0;
    if (value.is_string())
        return !value.get_ref<const std::string&>().empty();
    return !value.empty();
}

std::string formatDouble(double value)
{
    if (std::isnan(value))
        return "nan";
    if (std::isinf(value))
        return value > 0 ? "inf" : "-inf";
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    std::string text(buffer, result.ptr);
    if (text.find_first_of(".e") == std::string::npos)
        text += ".0";
    return text;
}

std::string pythonRepr(const json& value);

/// What {{ value }} prints: Python's str() of the value.
std::string toText(const json& value)
{
    if (isUndefined(value))
        return {};
    if (value.is_string())
        return value.get<std::string>();
    if (value.is_boolean())
        return value.get<bool>() ? "True" : "False";
    if (value.is_null())
        return "None";
    if (value.is_number_float())
        return formatDouble(value.get<double>());
    if (value.is_number())
        return value.dump();
    return pythonRepr(value);
}

std::string quotePython(const std::string& text)
{
    std::string out = "'";
    for (const char c : text) {
        if (c == '\'' || c == '\\')
            out.push_back('\\');
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out.push_back(c);
    }
    return out + "'";
}

std::string pythonRepr(const json& value)
{
    if (value.is_string())
        return quotePython(value.get<std::string>());
    if (value.is_array()) {
        std::string out = "[";
        for (std::size_t i = 0; i < value.size(); ++i)
            out += (i ? ", " : "") + pythonRepr(value[i]);
        return out + "]";
    }
    if (value.is_object()) {
        std::string out = "{";
        bool first = true;
        for (const auto& [key, item] : value.items()) {
            out += (first ? "" : ", ") + quotePython(key) + ": " + pythonRepr(item);
            first = false;
        }
        return out + "}";
    }
    return toText(value);
}

/// json.dumps with Python's default separators (", " and ": "), as transformers' tojson.
std::string toJson(const json& value, int indent, int depth = 0)
{
    if (value.is_array() || value.is_object()) {
        if (value.empty())
            return value.is_array() ? "[]" : "{}";
        const std::string pad =
            indent > 0 ? "\n" + std::string(std::size_t(indent * (depth + 1)), ' ') : "";
        const std::string closePad =
            indent > 0 ? "\n" + std::string(std::size_t(indent * depth), ' ') : "";
        const std::string separator = indent > 0 ? "," : ", ";
        std::string out = value.is_array() ? "[" : "{";
        bool first = true;
        for (const auto& [key, item] : value.items()) {
            out += (first ? "" : separator) + pad;
            if (value.is_object())
                out += json(key).dump(-1, ' ', false) + ": ";
            out += toJson(item, indent, depth + 1);
            first = false;
        }
        return out + closePad + (value.is_array() ? "]" : "}");
    }
    if (isUndefined(value))
        return "null";
    return value.dump(-1, ' ', false);
}

const UnicodeRegex& leadingSpace()
{
    static const UnicodeRegex regex("\\A[\\s\\x1c-\\x1f]+", UnicodeRegex::Dialect::Pcre2);
    return regex;
}

const UnicodeRegex& trailingSpace()
{
    static const UnicodeRegex regex("[\\s\\x1c-\\x1f]+\\z", UnicodeRegex::Dialect::Pcre2);
    return regex;
}

/// Python's str.strip()/lstrip()/rstrip() without arguments (Unicode whitespace).
std::string stripSpace(const std::string& text, bool left, bool right)
{
    std::size_t begin = 0;
    std::size_t end = text.size();
    UnicodeRegex::Span match;
    if (left && leadingSpace().find(text, 0, match))
        begin = match.second;
    if (right && end > begin && trailingSpace().find(text, begin, match))
        end = match.first;
    return text.substr(begin, end - begin);
}

// ============================================================================================
// Lexer
// ============================================================================================

enum class TokenKind {
    Text,
    OutputOpen,
    OutputClose,
    BlockOpen,
    BlockClose,
    Name,
    String,
    Number,
    Operator,
    End
};

struct Token
{
    TokenKind kind;
    std::string text;
    json value; // for String and Number
    int line;
};

[[noreturn]] void syntaxError(int line, const std::string& what)
{
    throw Error("chat template line " + std::to_string(line) + ": " + what);
}

class Lexer
{
public:
    explicit Lexer(std::string_view source) : m_source(source) {}

    std::vector<Token> run()
    {
        std::size_t at = 0;
        bool stripNextText = false; // after "-%}", "-}}" or "-#}"
        bool trimNewline = false;   // trim_blocks: after "%}" or "#}"
        while (at <= m_source.size()) {
            const std::size_t open = findTagOpen(at);
            std::string text(m_source.substr(at, open - at));
            if (trimNewline && !text.empty() && text[0] == '\n')
                text.erase(0, 1);
            if (stripNextText)
                text = stripSpace(text, true, false);
            stripNextText = false;
            trimNewline = false;
            if (open == m_source.size()) {
                pushText(std::move(text), at);
                break;
            }
            const char kind = m_source[open + 1];
            std::size_t inner = open + 2;
            const bool stripBefore = inner < m_source.size() && m_source[inner] == '-';
            const bool keepBefore = inner < m_source.size() && m_source[inner] == '+';
            if (stripBefore || keepBefore)
                ++inner;
            if (stripBefore)
                text = stripSpace(text, false, true);
            else if (kind != '{' && !keepBefore)
                lstripBlock(text);
            pushText(std::move(text), at);
            const int line = lineAt(open);
            if (kind == '#') {
                const std::size_t close = m_source.find("#}", inner);
                if (close == std::string_view::npos)
                    syntaxError(line, "the comment is never closed (missing #})");
                stripNextText = close > inner && m_source[close - 1] == '-';
                trimNewline = !stripNextText;
                at = close + 2;
                continue;
            }
            m_tokens.push_back(
                {kind == '{' ? TokenKind::OutputOpen : TokenKind::BlockOpen, "", {}, line});
            at = lexInside(inner, kind == '{' ? "}}" : "%}", stripNextText);
            trimNewline = kind == '%' && !stripNextText;
        }
        m_tokens.push_back({TokenKind::End, "", {}, lineAt(m_source.size())});
        return std::move(m_tokens);
    }

private:
    std::size_t findTagOpen(std::size_t from) const
    {
        while (true) {
            const std::size_t open = m_source.find('{', from);
            if (open == std::string_view::npos || open + 1 >= m_source.size())
                return m_source.size();
            const char next = m_source[open + 1];
            if (next == '{' || next == '%' || next == '#')
                return open;
            from = open + 1;
        }
    }

    /// lstrip_blocks: spaces and tabs between a line start and a block tag go.
    static void lstripBlock(std::string& text)
    {
        std::size_t cut = text.size();
        while (cut > 0 && (text[cut - 1] == ' ' || text[cut - 1] == '\t'))
            --cut;
        if (cut == 0 || text[cut - 1] == '\n')
            text.resize(cut);
    }

    void pushText(std::string text, std::size_t at)
    {
        if (!text.empty())
            m_tokens.push_back({TokenKind::Text, std::move(text), {}, lineAt(at)});
    }

    int lineAt(std::size_t offset) const
    {
        int line = 1;
        for (std::size_t i = 0; i < offset && i < m_source.size(); ++i)
            line += m_source[i] == '\n' ? 1 : 0;
        return line;
    }

    /// Tokens of an expression or statement up to `close`; returns the offset after it.
    std::size_t lexInside(std::size_t at, std::string_view close, bool& stripAfter)
    {
        const int line = lineAt(at);
        while (true) {
            while (at < m_source.size() && std::isspace(static_cast<unsigned char>(m_source[at])))
                ++at;
            if (at >= m_source.size())
                syntaxError(line, "the tag is never closed (missing " + std::string(close) + ")");
            if (m_source[at] == '-' && m_source.substr(at + 1, 2) == close) {
                stripAfter = true;
                m_tokens.push_back(
                    {close == "}}" ? TokenKind::OutputClose : TokenKind::BlockClose, "", {}, line});
                return at + 3;
            }
            if (m_source.substr(at, 2) == close) {
                stripAfter = false;
                m_tokens.push_back(
                    {close == "}}" ? TokenKind::OutputClose : TokenKind::BlockClose, "", {}, line});
                return at + 2;
            }
            const char c = m_source[at];
            if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
                std::size_t end = at + 1;
                while (end < m_source.size() &&
                       (std::isalnum(static_cast<unsigned char>(m_source[end])) ||
                        m_source[end] == '_'))
                    ++end;
                m_tokens.push_back(
                    {TokenKind::Name, std::string(m_source.substr(at, end - at)), {}, line});
                at = end;
            } else if (std::isdigit(static_cast<unsigned char>(c))) {
                std::size_t end = at;
                bool isFloat = false;
                while (end < m_source.size() &&
                       (std::isdigit(static_cast<unsigned char>(m_source[end])) ||
                        m_source[end] == '.' || m_source[end] == '_')) {
                    if (m_source[end] == '.') {
                        if (isFloat || end + 1 >= m_source.size() ||
                            !std::isdigit(static_cast<unsigned char>(m_source[end + 1])))
                            break;
                        isFloat = true;
                    }
                    ++end;
                }
                std::string digits;
                for (std::size_t i = at; i < end; ++i)
                    if (m_source[i] != '_')
                        digits.push_back(m_source[i]);
                json number;
                const char* first = digits.data();
                const char* last = digits.data() + digits.size();
                if (isFloat) {
                    double value = 0;
                    if (std::from_chars(first, last, value).ec != std::errc())
                        syntaxError(line, "the number " + digits + " is out of range");
                    number = value;
                } else {
                    std::int64_t value = 0;
                    if (std::from_chars(first, last, value).ec != std::errc())
                        syntaxError(line, "the number " + digits + " is out of range");
                    number = value;
                }
                m_tokens.push_back({TokenKind::Number, digits, number, line});
                at = end;
            } else if (c == '\'' || c == '"') {
                at = lexString(at, line);
            } else {
                static const char* const twoChar[] = {"==", "!=", "<=", ">=", "//", "**"};
                std::string op(1, c);
                for (const char* candidate : twoChar)
                    if (m_source.substr(at, 2) == candidate)
                        op = candidate;
                if (op.size() == 1 &&
                    std::string_view("+-*/%~<>=()[]{}.,:|").find(c) == std::string_view::npos)
                    syntaxError(line, std::string("unexpected character '") + c + "'");
                m_tokens.push_back({TokenKind::Operator, op, {}, line});
                at += op.size();
            }
        }
    }

    std::size_t lexString(std::size_t at, int line)
    {
        const char quote = m_source[at];
        std::string text;
        std::size_t i = at + 1;
        for (; i < m_source.size() && m_source[i] != quote; ++i) {
            char c = m_source[i];
            if (c == '\\' && i + 1 < m_source.size()) {
                const char escaped = m_source[++i];
                switch (escaped) {
                case 'n':
                    c = '\n';
                    break;
                case 't':
                    c = '\t';
                    break;
                case 'r':
                    c = '\r';
                    break;
                case '\\':
                    c = '\\';
                    break;
                case '\'':
                    c = '\'';
                    break;
                case '"':
                    c = '"';
                    break;
                default:
                    text.push_back('\\');
                    c = escaped;
                }
            }
            text.push_back(c);
        }
        if (i >= m_source.size())
            syntaxError(line, "a string is never closed");
        m_tokens.push_back({TokenKind::String, text, json(text), line});
        return i + 1;
    }

    std::string_view m_source;
    std::vector<Token> m_tokens;
};

// ============================================================================================
// Syntax tree
// ============================================================================================

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct Argument
{
    std::string name; // empty for a positional argument
    ExprPtr value;
};

struct Expr
{
    enum class Kind {
        Literal,
        Variable,
        Attribute,
        Index,
        Call,
        Filter,
        Test,
        Unary,
        Binary,
        Conditional,
        List,
        Dict
    };
    Kind kind;
    int line = 0;
    json literal;      // Literal
    std::string name;  // Variable, Attribute, Filter, Test, Unary/Binary operator
    ExprPtr left;      // object / operand / condition target
    ExprPtr right;     // index / right operand / else branch
    ExprPtr condition; // Conditional
    std::vector<Argument>
        args; // Call, Filter, Test, List items, Dict values (name = key expr below)
    std::vector<ExprPtr> keys; // Dict keys
    bool negated = false;      // Test
};

} // namespace

struct ChatTemplate::Node
{
    enum class Kind { Sequence, Text, Output, If, For, Set };
    Kind kind = Kind::Sequence;
    int line = 0;
    std::string text;                            // Text
    ExprPtr expr;                                // Output, Set value, For iterable
    std::vector<std::unique_ptr<Node>> children; // Sequence body; If: one Sequence per branch
    std::vector<ExprPtr> conditions;             // If: one per branch with a condition
    std::vector<std::string> targets;            // For loop variables; Set: name [, attribute]
    ExprPtr filter;                              // For ... if filter
    std::unique_ptr<Node> elseBody;              // For ... else, If ... else
};

namespace {

using Node = ChatTemplate::Node;
using NodePtr = std::unique_ptr<Node>;

class Parser
{
public:
    explicit Parser(std::vector<Token> tokens) : m_tokens(std::move(tokens)) {}

    NodePtr parseTemplate()
    {
        std::string endTag;
        NodePtr body = parseBody({}, endTag);
        if (peek().kind != TokenKind::End)
            syntaxError(peek().line, "unexpected {% " + endTag + " %}");
        return body;
    }

private:
    const Token& peek(std::size_t ahead = 0) const
    {
        return m_tokens[std::min(m_position + ahead, m_tokens.size() - 1)];
    }
    const Token& next() { return m_tokens[std::min(m_position++, m_tokens.size() - 1)]; }

    bool isOperator(const char* op, std::size_t ahead = 0) const
    {
        return peek(ahead).kind == TokenKind::Operator && peek(ahead).text == op;
    }
    bool isName(const char* name, std::size_t ahead = 0) const
    {
        return peek(ahead).kind == TokenKind::Name && peek(ahead).text == name;
    }
    void expectOperator(const char* op)
    {
        if (!isOperator(op))
            syntaxError(peek().line, std::string("expected '") + op + "'" + found());
        next();
    }
    void expectName(const char* name)
    {
        if (!isName(name))
            syntaxError(peek().line, std::string("expected '") + name + "'" + found());
        next();
    }
    std::string expectIdentifier()
    {
        if (peek().kind != TokenKind::Name)
            syntaxError(peek().line, "expected a name" + found());
        return next().text;
    }
    void expectBlockClose()
    {
        if (peek().kind != TokenKind::BlockClose)
            syntaxError(peek().line, "expected %}" + found());
        next();
    }
    std::string found() const
    {
        const Token& token = peek();
        switch (token.kind) {
        case TokenKind::End:
            return ", found the end of the template";
        case TokenKind::BlockClose:
            return ", found %}";
        case TokenKind::OutputClose:
            return ", found }}";
        default:
            return ", found '" + token.text + "'";
        }
    }

    /// Nodes up to a {% tag %} named in `ends` (left unconsumed after its name) or the end.
    NodePtr parseBody(const std::vector<std::string>& ends, std::string& endTag)
    {
        auto body = std::make_unique<Node>();
        body->kind = Node::Kind::Sequence;
        while (true) {
            const Token& token = peek();
            if (token.kind == TokenKind::End) {
                if (!ends.empty())
                    syntaxError(token.line, "missing {% " + ends.back() + " %}");
                return body;
            }
            if (token.kind == TokenKind::Text) {
                auto node = std::make_unique<Node>();
                node->kind = Node::Kind::Text;
                node->text = next().text;
                body->children.push_back(std::move(node));
            } else if (token.kind == TokenKind::OutputOpen) {
                next();
                auto node = std::make_unique<Node>();
                node->kind = Node::Kind::Output;
                node->line = token.line;
                node->expr = parseExpression();
                if (peek().kind != TokenKind::OutputClose)
                    syntaxError(peek().line, "expected }}" + found());
                next();
                body->children.push_back(std::move(node));
            } else {
                next(); // {%
                const Token& tag = peek();
                if (tag.kind != TokenKind::Name)
                    syntaxError(tag.line, "expected a tag name" + found());
                if (std::find(ends.begin(), ends.end(), tag.text) != ends.end()) {
                    endTag = next().text;
                    return body;
                }
                body->children.push_back(parseStatement());
            }
        }
    }

    NodePtr parseStatement()
    {
        const Token tag = next();
        auto node = std::make_unique<Node>();
        node->line = tag.line;
        std::string endTag;
        if (tag.text == "if") {
            node->kind = Node::Kind::If;
            node->conditions.push_back(parseExpression());
            expectBlockClose();
            while (true) {
                node->children.push_back(parseBody({"elif", "else", "endif"}, endTag));
                if (endTag == "elif") {
                    node->conditions.push_back(parseExpression());
                    expectBlockClose();
                    continue;
                }
                expectBlockClose();
                if (endTag == "else") {
                    node->elseBody = parseBody({"endif"}, endTag);
                    expectBlockClose();
                }
                return node;
            }
        }
        if (tag.text == "for") {
            node->kind = Node::Kind::For;
            node->targets.push_back(expectIdentifier());
            while (isOperator(",")) {
                next();
                node->targets.push_back(expectIdentifier());
            }
            expectName("in");
            node->expr = parseOr(); // not a conditional: "if" may follow as a filter
            if (isName("if")) {
                next();
                node->filter = parseOr();
            }
            expectBlockClose();
            node->children.push_back(parseBody({"else", "endfor"}, endTag));
            expectBlockClose();
            if (endTag == "else") {
                node->elseBody = parseBody({"endfor"}, endTag);
                expectBlockClose();
            }
            return node;
        }
        if (tag.text == "set") {
            node->kind = Node::Kind::Set;
            node->targets.push_back(expectIdentifier());
            if (isOperator(".")) {
                next();
                node->targets.push_back(expectIdentifier());
            }
            expectOperator("=");
            node->expr = parseExpression();
            expectBlockClose();
            return node;
        }
        if (tag.text == "generation") {
            // transformers' marker for assistant-token masks: the content renders as is.
            expectBlockClose();
            NodePtr body = parseBody({"endgeneration"}, endTag);
            expectBlockClose();
            return body;
        }
        syntaxError(tag.line, "unsupported tag {% " + tag.text + " %}");
    }

    // --- expressions, lowest precedence first ------------------------------------------------

    ExprPtr make(Expr::Kind kind, int line)
    {
        auto expr = std::make_unique<Expr>();
        expr->kind = kind;
        expr->line = line;
        return expr;
    }

    ExprPtr binary(std::string op, ExprPtr left, ExprPtr right, int line)
    {
        ExprPtr expr = make(Expr::Kind::Binary, line);
        expr->name = std::move(op);
        expr->left = std::move(left);
        expr->right = std::move(right);
        return expr;
    }

    ExprPtr parseExpression()
    {
        ExprPtr value = parseOr();
        if (isName("if")) {
            const int line = next().line;
            ExprPtr conditional = make(Expr::Kind::Conditional, line);
            conditional->condition = parseOr();
            conditional->left = std::move(value);
            if (isName("else")) {
                next();
                conditional->right = parseExpression();
            }
            return conditional;
        }
        return value;
    }

    ExprPtr parseOr()
    {
        ExprPtr left = parseAnd();
        while (isName("or")) {
            const int line = next().line;
            left = binary("or", std::move(left), parseAnd(), line);
        }
        return left;
    }

    ExprPtr parseAnd()
    {
        ExprPtr left = parseNot();
        while (isName("and")) {
            const int line = next().line;
            left = binary("and", std::move(left), parseNot(), line);
        }
        return left;
    }

    ExprPtr parseNot()
    {
        if (isName("not")) {
            const int line = next().line;
            ExprPtr expr = make(Expr::Kind::Unary, line);
            expr->name = "not";
            expr->left = parseNot();
            return expr;
        }
        return parseCompare();
    }

    ExprPtr parseCompare()
    {
        ExprPtr left = parseMath1();
        while (true) {
            const int line = peek().line;
            static const char* const ops[] = {"==", "!=", "<", ">", "<=", ">="};
            std::string op;
            for (const char* candidate : ops)
                if (isOperator(candidate))
                    op = candidate;
            if (!op.empty()) {
                next();
            } else if (isName("in")) {
                next();
                op = "in";
            } else if (isName("not") && isName("in", 1)) {
                next();
                next();
                op = "not in";
            } else {
                return left;
            }
            left = binary(op, std::move(left), parseMath1(), line);
        }
    }

    ExprPtr parseMath1()
    {
        ExprPtr left = parseConcat();
        while (isOperator("+") || isOperator("-")) {
            const Token& op = next();
            left = binary(op.text, std::move(left), parseConcat(), op.line);
        }
        return left;
    }

    ExprPtr parseConcat()
    {
        ExprPtr left = parseMath2();
        while (isOperator("~")) {
            const int line = next().line;
            left = binary("~", std::move(left), parseMath2(), line);
        }
        return left;
    }

    ExprPtr parseMath2()
    {
        ExprPtr left = parseUnary();
        while (isOperator("*") || isOperator("/") || isOperator("//") || isOperator("%")) {
            const Token& op = next();
            left = binary(op.text, std::move(left), parseUnary(), op.line);
        }
        return left;
    }

    ExprPtr parseUnary()
    {
        if (isOperator("-") || isOperator("+")) {
            const Token& op = next();
            ExprPtr expr = make(Expr::Kind::Unary, op.line);
            expr->name = op.text;
            expr->left = parseUnary();
            return expr;
        }
        return parseFilters(parsePostfix(parsePrimary()));
    }

    std::vector<Argument> parseArguments()
    {
        std::vector<Argument> args;
        expectOperator("(");
        while (!isOperator(")")) {
            Argument arg;
            if (peek().kind == TokenKind::Name && isOperator("=", 1)) {
                arg.name = next().text;
                next();
            }
            arg.value = parseExpression();
            args.push_back(std::move(arg));
            if (!isOperator(","))
                break;
            next();
        }
        expectOperator(")");
        return args;
    }

    ExprPtr parsePostfix(ExprPtr expr)
    {
        while (true) {
            const int line = peek().line;
            if (isOperator(".")) {
                next();
                ExprPtr attribute = make(Expr::Kind::Attribute, line);
                attribute->name = expectIdentifier();
                attribute->left = std::move(expr);
                expr = std::move(attribute);
            } else if (isOperator("[")) {
                next();
                ExprPtr index = make(Expr::Kind::Index, line);
                index->left = std::move(expr);
                index->right = parseExpression();
                expectOperator("]");
                expr = std::move(index);
            } else if (isOperator("(")) {
                ExprPtr call = make(Expr::Kind::Call, line);
                call->left = std::move(expr);
                call->args = parseArguments();
                expr = std::move(call);
            } else {
                return expr;
            }
        }
    }

    ExprPtr parseFilters(ExprPtr expr)
    {
        while (true) {
            const int line = peek().line;
            if (isOperator("|")) {
                next();
                ExprPtr filter = make(Expr::Kind::Filter, line);
                filter->name = expectIdentifier();
                filter->left = std::move(expr);
                if (isOperator("("))
                    filter->args = parseArguments();
                expr = std::move(filter);
            } else if (isName("is")) {
                next();
                ExprPtr test = make(Expr::Kind::Test, line);
                if (isName("not")) {
                    next();
                    test->negated = true;
                }
                test->name = expectIdentifier();
                test->left = std::move(expr);
                if (isOperator("(")) {
                    test->args = parseArguments();
                } else if (peek().kind == TokenKind::String || peek().kind == TokenKind::Number) {
                    Argument arg;
                    arg.value = parsePrimary();
                    test->args.push_back(std::move(arg));
                }
                expr = std::move(test);
            } else {
                return expr;
            }
        }
    }

    ExprPtr parsePrimary()
    {
        const Token& token = next();
        switch (token.kind) {
        case TokenKind::String: {
            ExprPtr expr = make(Expr::Kind::Literal, token.line);
            std::string text = token.text;
            while (peek().kind == TokenKind::String) // adjacent literals concatenate
                text += next().text;
            expr->literal = text;
            return expr;
        }
        case TokenKind::Number: {
            ExprPtr expr = make(Expr::Kind::Literal, token.line);
            expr->literal = token.value;
            return expr;
        }
        case TokenKind::Name: {
            ExprPtr expr = make(Expr::Kind::Literal, token.line);
            if (token.text == "true" || token.text == "True")
                expr->literal = true;
            else if (token.text == "false" || token.text == "False")
                expr->literal = false;
            else if (token.text == "none" || token.text == "None")
                expr->literal = nullptr;
            else {
                expr->kind = Expr::Kind::Variable;
                expr->name = token.text;
            }
            return expr;
        }
        case TokenKind::Operator:
            if (token.text == "(") {
                ExprPtr inner = parseExpression();
                expectOperator(")");
                return inner;
            }
            if (token.text == "[") {
                ExprPtr list = make(Expr::Kind::List, token.line);
                while (!isOperator("]")) {
                    Argument item;
                    item.value = parseExpression();
                    list->args.push_back(std::move(item));
                    if (!isOperator(","))
                        break;
                    next();
                }
                expectOperator("]");
                return list;
            }
            if (token.text == "{") {
                ExprPtr dict = make(Expr::Kind::Dict, token.line);
                while (!isOperator("}")) {
                    dict->keys.push_back(parseExpression());
                    expectOperator(":");
                    Argument item;
                    item.value = parseExpression();
                    dict->args.push_back(std::move(item));
                    if (!isOperator(","))
                        break;
                    next();
                }
                expectOperator("}");
                return dict;
            }
            break;
        default:
            break;
        }
        --m_position;
        syntaxError(token.line, "expected a value" + found());
    }

    std::vector<Token> m_tokens;
    std::size_t m_position = 0;
};

// ============================================================================================
// Evaluation
// ============================================================================================

[[noreturn]] void renderError(int line, const std::string& what)
{
    throw Error("chat template line " + std::to_string(line) + ": " + what);
}

std::string typeOf(const json& value)
{
    if (isUndefined(value))
        return "undefined";
    if (value.is_null())
        return "none";
    if (value.is_string())
        return "string";
    if (value.is_boolean())
        return "boolean";
    if (value.is_number())
        return "number";
    if (value.is_array())
        return "list";
    return "dict";
}

class Renderer
{
public:
    explicit Renderer(const json& variables)
    {
        m_scopes.emplace_back();
        if (!variables.is_object() && !variables.is_null())
            throw Error("chat template: the variables must be a JSON object");
        if (variables.is_object())
            for (const auto& [key, value] : variables.items())
                m_scopes.front()[key] = value;
    }

    void render(const Node& node, std::string& out)
    {
        switch (node.kind) {
        case Node::Kind::Sequence:
            for (const auto& child : node.children)
                render(*child, out);
            break;
        case Node::Kind::Text:
            out += node.text;
            break;
        case Node::Kind::Output:
            out += toText(evaluate(*node.expr));
            break;
        case Node::Kind::If:
            for (std::size_t i = 0; i < node.conditions.size(); ++i)
                if (truthy(evaluate(*node.conditions[i]))) {
                    render(*node.children[i], out);
                    return;
                }
            if (node.elseBody)
                render(*node.elseBody, out);
            break;
        case Node::Kind::For:
            renderFor(node, out);
            break;
        case Node::Kind::Set: {
            json value = evaluate(*node.expr);
            if (node.targets.size() == 1) {
                m_scopes.back()[node.targets[0]] = std::move(value);
                break;
            }
            json* target = lookup(node.targets[0]);
            if (!target || !target->is_object() || !target->contains(kNamespaceMarker))
                renderError(node.line, "'" + node.targets[0] + "' is not a namespace()");
            (*target)[node.targets[1]] = std::move(value);
            break;
        }
        }
    }

private:
    static constexpr const char* kNamespaceMarker = "\x01namespace";

    json* lookup(const std::string& name)
    {
        for (auto scope = m_scopes.rbegin(); scope != m_scopes.rend(); ++scope) {
            const auto it = scope->find(name);
            if (it != scope->end())
                return &it->second;
        }
        return nullptr;
    }

    void renderFor(const Node& node, std::string& out)
    {
        const json iterable = evaluate(*node.expr);
        std::vector<json> items;
        if (iterable.is_array()) {
            items.assign(iterable.begin(), iterable.end());
        } else if (iterable.is_object()) {
            for (const auto& [key, value] : iterable.items())
                if (key != kNamespaceMarker)
                    items.emplace_back(key);
        } else if (iterable.is_string()) {
            const std::string& text = iterable.get_ref<const std::string&>();
            for (std::size_t at = 0; at < text.size();) {
                std::size_t length = 1;
                const auto lead = static_cast<unsigned char>(text[at]);
                length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
                items.emplace_back(text.substr(at, length));
                at += length;
            }
        } else if (!isUndefined(iterable) && !iterable.is_null()) {
            renderError(node.line, "cannot loop over a " + typeOf(iterable));
        }
        if (node.filter) {
            std::vector<json> kept;
            for (json& item : items) {
                m_scopes.emplace_back();
                bind(node, item);
                if (truthy(evaluate(*node.filter)))
                    kept.push_back(std::move(item));
                m_scopes.pop_back();
            }
            items.swap(kept);
        }
        if (items.empty()) {
            if (node.elseBody)
                render(*node.elseBody, out);
            return;
        }
        const auto length = static_cast<std::int64_t>(items.size());
        for (std::int64_t i = 0; i < length; ++i) {
            m_scopes.emplace_back();
            bind(node, items[static_cast<std::size_t>(i)]);
            m_scopes.back()["loop"] = {{"index", i + 1},
                                       {"index0", i},
                                       {"first", i == 0},
                                       {"last", i == length - 1},
                                       {"length", length},
                                       {"revindex", length - i},
                                       {"revindex0", length - i - 1}};
            render(*node.children[0], out);
            m_scopes.pop_back();
        }
    }

    void bind(const Node& node, const json& item)
    {
        if (node.targets.size() == 1) {
            m_scopes.back()[node.targets[0]] = item;
            return;
        }
        if (!item.is_array() || item.size() != node.targets.size())
            renderError(node.line, "cannot unpack " + pythonRepr(item) + " into " +
                                       std::to_string(node.targets.size()) + " names");
        for (std::size_t k = 0; k < node.targets.size(); ++k)
            m_scopes.back()[node.targets[k]] = item[k];
    }

    json evaluate(const Expr& expr)
    {
        switch (expr.kind) {
        case Expr::Kind::Literal:
            return expr.literal;
        case Expr::Kind::Variable: {
            const json* value = lookup(expr.name);
            return value ? *value : undefinedValue();
        }
        case Expr::Kind::Attribute:
            return member(evaluate(*expr.left), json(expr.name), expr);
        case Expr::Kind::Index:
            return member(evaluate(*expr.left), evaluate(*expr.right), expr);
        case Expr::Kind::Call:
            return call(expr);
        case Expr::Kind::Filter:
            return filter(expr);
        case Expr::Kind::Test: {
            const bool result = test(expr);
            return expr.negated ? !result : result;
        }
        case Expr::Kind::Unary: {
            const json operand = evaluate(*expr.left);
            if (expr.name == "not")
                return !truthy(operand);
            if (!operand.is_number())
                renderError(expr.line,
                            "unary " + expr.name + " needs a number, not a " + typeOf(operand));
            if (expr.name == "+")
                return operand;
            if (operand.is_number_integer())
                return -operand.get<std::int64_t>();
            return -operand.get<double>();
        }
        case Expr::Kind::Binary:
            return binary(expr);
        case Expr::Kind::Conditional:
            if (truthy(evaluate(*expr.condition)))
                return evaluate(*expr.left);
            return expr.right ? evaluate(*expr.right) : undefinedValue();
        case Expr::Kind::List: {
            json list = json::array();
            for (const Argument& item : expr.args)
                list.push_back(evaluate(*item.value));
            return list;
        }
        case Expr::Kind::Dict: {
            json dict = json::object();
            for (std::size_t i = 0; i < expr.keys.size(); ++i) {
                const json key = evaluate(*expr.keys[i]);
                if (!key.is_string())
                    renderError(expr.line, "dictionary keys must be strings");
                dict[key.get<std::string>()] = evaluate(*expr.args[i].value);
            }
            return dict;
        }
        }
        return undefinedValue();
    }

    json member(const json& object, const json& key, const Expr& expr)
    {
        if (isUndefined(object))
            renderError(expr.line, "cannot read " + pythonRepr(key) + " of an undefined value");
        if (object.is_object() && key.is_string()) {
            const auto it = object.find(key.get<std::string>());
            return it == object.end() ? undefinedValue() : *it;
        }
        if ((object.is_array() || object.is_string()) && key.is_number_integer()) {
            const auto size = static_cast<std::int64_t>(
                object.is_array() ? object.size() : object.get_ref<const std::string&>().size());
            std::int64_t index = key.get<std::int64_t>();
            if (index < 0)
                index += size;
            if (index < 0 || index >= size)
                return undefinedValue();
            if (object.is_array())
                return object[static_cast<std::size_t>(index)];
            return std::string(
                1, object.get_ref<const std::string&>()[static_cast<std::size_t>(index)]);
        }
        return undefinedValue();
    }

    std::vector<json> positional(const Expr& expr, std::size_t from = 0)
    {
        std::vector<json> values;
        for (std::size_t i = from; i < expr.args.size(); ++i)
            if (expr.args[i].name.empty())
                values.push_back(evaluate(*expr.args[i].value));
        return values;
    }

    std::string stringArg(const std::vector<json>& args, std::size_t index, const Expr& expr,
                          const std::string& what)
    {
        if (index >= args.size() || !args[index].is_string())
            renderError(expr.line, what + " needs a string argument");
        return args[index].get<std::string>();
    }

    json call(const Expr& expr)
    {
        const Expr& callee = *expr.left;
        if (callee.kind == Expr::Kind::Variable && !lookup(callee.name)) {
            if (callee.name == "raise_exception") {
                const auto args = positional(expr);
                throw Error("chat template raised an exception: " +
                            (args.empty() ? std::string() : toText(args[0])));
            }
            if (callee.name == "namespace") {
                json object = {{kNamespaceMarker, true}};
                for (const Argument& arg : expr.args)
                    if (!arg.name.empty())
                        object[arg.name] = evaluate(*arg.value);
                return object;
            }
            if (callee.name == "range") {
                const auto args = positional(expr);
                std::int64_t start = 0;
                std::int64_t stop = 0;
                if (args.size() == 1 && args[0].is_number_integer())
                    stop = args[0].get<std::int64_t>();
                else if (args.size() == 2 && args[0].is_number_integer() &&
                         args[1].is_number_integer()) {
                    start = args[0].get<std::int64_t>();
                    stop = args[1].get<std::int64_t>();
                } else
                    renderError(expr.line, "range() needs one or two integers");
                json list = json::array();
                for (std::int64_t i = start; i < stop && list.size() < 100000; ++i)
                    list.push_back(i);
                return list;
            }
            renderError(expr.line, "unknown function '" + callee.name + "'");
        }
        if (callee.kind != Expr::Kind::Attribute)
            renderError(expr.line,
                        "only methods, raise_exception(), namespace() and range() can be called");
        const json object = evaluate(*callee.left);
        const std::string& method = callee.name;
        const auto args = positional(expr);
        if (object.is_string()) {
            const std::string& text = object.get_ref<const std::string&>();
            if (method == "upper" || method == "lower") {
                std::string out = text;
                for (char& c : out)
                    if (c >= 0 && c < 0x7F)
                        c = static_cast<char>(method == "upper" ? std::toupper(c)
                                                                : std::tolower(c));
                return out;
            }
            if (method == "title") {
                std::string out = text;
                bool start = true;
                for (char& c : out) {
                    if (std::isalpha(static_cast<unsigned char>(c))) {
                        c = static_cast<char>(start ? std::toupper(c) : std::tolower(c));
                        start = false;
                    } else {
                        start = true;
                    }
                }
                return out;
            }
            if (method == "strip" || method == "lstrip" || method == "rstrip") {
                if (args.empty())
                    return stripSpace(text, method != "rstrip", method != "lstrip");
                const std::string chars = stringArg(args, 0, expr, method);
                const std::size_t begin = method == "rstrip" ? 0 : text.find_first_not_of(chars);
                if (begin == std::string::npos)
                    return std::string();
                const std::size_t end =
                    method == "lstrip" ? text.size() : text.find_last_not_of(chars) + 1;
                return text.substr(begin, end - begin);
            }
            if (method == "startswith")
                return text.starts_with(stringArg(args, 0, expr, method));
            if (method == "endswith")
                return text.ends_with(stringArg(args, 0, expr, method));
            if (method == "replace") {
                const std::string from = stringArg(args, 0, expr, method);
                const std::string to = stringArg(args, 1, expr, method);
                if (from.empty())
                    return text;
                std::string out;
                std::size_t at = 0;
                for (std::size_t found; (found = text.find(from, at)) != std::string::npos;
                     at = found + from.size())
                    out += text.substr(at, found - at) + to;
                return out + text.substr(at);
            }
            if (method == "split") {
                json parts = json::array();
                if (args.empty()) {
                    std::size_t at = 0;
                    while (at < text.size()) {
                        while (at < text.size() &&
                               std::isspace(static_cast<unsigned char>(text[at])))
                            ++at;
                        std::size_t end = at;
                        while (end < text.size() &&
                               !std::isspace(static_cast<unsigned char>(text[end])))
                            ++end;
                        if (end > at)
                            parts.push_back(text.substr(at, end - at));
                        at = end;
                    }
                    return parts;
                }
                const std::string separator = stringArg(args, 0, expr, method);
                if (separator.empty())
                    renderError(expr.line, "split() separator is empty");
                std::size_t at = 0;
                for (std::size_t found; (found = text.find(separator, at)) != std::string::npos;
                     at = found + separator.size())
                    parts.push_back(text.substr(at, found - at));
                parts.push_back(text.substr(at));
                return parts;
            }
        }
        if (object.is_object()) {
            if (method == "get") {
                if (args.empty() || !args[0].is_string())
                    renderError(expr.line, "get() needs a key");
                const auto it = object.find(args[0].get<std::string>());
                if (it != object.end())
                    return *it;
                return args.size() > 1 ? args[1] : json(nullptr);
            }
            if (method == "items" || method == "keys" || method == "values") {
                json list = json::array();
                for (const auto& [key, value] : object.items()) {
                    if (key == kNamespaceMarker)
                        continue;
                    if (method == "items")
                        list.push_back(json::array({key, value}));
                    else
                        list.push_back(method == "keys" ? json(key) : value);
                }
                return list;
            }
        }
        renderError(expr.line, "a " + typeOf(object) + " has no method '" + method + "'");
    }

    json filter(const Expr& expr)
    {
        const json value = evaluate(*expr.left);
        const auto args = positional(expr);
        const std::string& name = expr.name;
        if (name == "trim")
            return stripSpace(toText(value), true, true);
        if (name == "upper" || name == "lower") {
            std::string out = toText(value);
            for (char& c : out)
                if (c >= 0 && c < 0x7F)
                    c = static_cast<char>(name == "upper" ? std::toupper(c) : std::tolower(c));
            return out;
        }
        if (name == "string")
            return toText(value);
        if (name == "length" || name == "count") {
            if (value.is_string()) {
                std::int64_t count = 0;
                for (const char c : value.get_ref<const std::string&>())
                    count += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
                return count;
            }
            if (value.is_array() || value.is_object())
                return static_cast<std::int64_t>(value.size());
            renderError(expr.line, "a " + typeOf(value) + " has no length");
        }
        if (name == "first" || name == "last") {
            if (!value.is_array())
                renderError(expr.line, name + " needs a list");
            if (value.empty())
                return undefinedValue();
            return name == "first" ? value.front() : value.back();
        }
        if (name == "join") {
            if (!value.is_array())
                renderError(expr.line, "join needs a list");
            const std::string separator = args.empty() ? std::string() : toText(args[0]);
            std::string out;
            for (std::size_t i = 0; i < value.size(); ++i)
                out += (i ? separator : "") + toText(value[i]);
            return out;
        }
        if (name == "default" || name == "d") {
            const bool orFalsy = args.size() > 1 && truthy(args[1]);
            if (isUndefined(value) || (orFalsy && !truthy(value)))
                return args.empty() ? json("") : args[0];
            return value;
        }
        if (name == "tojson") {
            int indent = 0;
            for (const Argument& arg : expr.args)
                if (arg.name == "indent" || arg.name.empty()) {
                    const json amount = evaluate(*arg.value);
                    if (amount.is_number_integer())
                        indent = static_cast<int>(amount.get<std::int64_t>());
                }
            return toJson(value, indent);
        }
        if (name == "selectattr" || name == "rejectattr") {
            if (!value.is_array())
                renderError(expr.line, name + " needs a list");
            const std::string attribute = stringArg(args, 0, expr, name);
            const std::string testName = args.size() > 1 ? stringArg(args, 1, expr, name) : "";
            json kept = json::array();
            for (const json& item : value) {
                const json field = item.is_object() && item.contains(attribute) ? item[attribute]
                                                                                : undefinedValue();
                bool selected = false;
                if (testName.empty())
                    selected = truthy(field);
                else
                    selected = applyTest(testName, field,
                                         std::vector<json>(args.begin() + 2, args.end()), expr);
                if (selected == (name == "selectattr"))
                    kept.push_back(item);
            }
            return kept;
        }
        renderError(expr.line, "unknown filter '" + name + "'");
    }

    bool test(const Expr& expr)
    {
        return applyTest(expr.name, evaluate(*expr.left), positional(expr), expr);
    }

    bool applyTest(const std::string& name, const json& value, const std::vector<json>& args,
                   const Expr& expr)
    {
        if (name == "defined")
            return !isUndefined(value);
        if (name == "undefined")
            return isUndefined(value);
        if (name == "none")
            return value.is_null();
        if (name == "string")
            return value.is_string();
        if (name == "number")
            return value.is_number();
        if (name == "boolean")
            return value.is_boolean();
        if (name == "true" || name == "false")
            return value.is_boolean() && value.get<bool>() == (name == "true");
        if (name == "mapping")
            return value.is_object();
        if (name == "sequence" || name == "iterable")
            return value.is_array() || value.is_string() || value.is_object();
        if (name == "equalto" || name == "eq" || name == "==" || name == "sameas") {
            if (args.empty())
                renderError(expr.line, "the test '" + name + "' needs a value");
            return equal(value, args[0]);
        }
        if (name == "ne" || name == "!=")
            return !args.empty() && !equal(value, args[0]);
        renderError(expr.line, "unknown test '" + name + "'");
    }

    static bool equal(const json& a, const json& b)
    {
        if (isUndefined(a) || isUndefined(b))
            return isUndefined(a) && isUndefined(b);
        return a == b;
    }

    json binary(const Expr& expr)
    {
        const std::string& op = expr.name;
        if (op == "and") {
            json left = evaluate(*expr.left);
            return truthy(left) ? evaluate(*expr.right) : left;
        }
        if (op == "or") {
            json left = evaluate(*expr.left);
            return truthy(left) ? left : evaluate(*expr.right);
        }
        const json left = evaluate(*expr.left);
        const json right = evaluate(*expr.right);
        if (op == "==")
            return equal(left, right);
        if (op == "!=")
            return !equal(left, right);
        if (op == "~")
            return toText(left) + toText(right);
        if (op == "in" || op == "not in") {
            bool found = false;
            if (right.is_string() && left.is_string())
                found = right.get_ref<const std::string&>().find(
                            left.get_ref<const std::string&>()) != std::string::npos;
            else if (right.is_array())
                found = std::any_of(right.begin(), right.end(),
                                    [&](const json& item) { return equal(item, left); });
            else if (right.is_object() && left.is_string())
                found = right.contains(left.get<std::string>());
            else if (!isUndefined(right))
                renderError(expr.line,
                            "cannot look for a " + typeOf(left) + " in a " + typeOf(right));
            return op == "in" ? found : !found;
        }
        if (op == "+" && left.is_string() && right.is_string())
            return left.get<std::string>() + right.get<std::string>();
        if (op == "+" && left.is_array() && right.is_array()) {
            json joined = left;
            joined.insert(joined.end(), right.begin(), right.end());
            return joined;
        }
        if (left.is_number() && right.is_number()) {
            const bool integers = left.is_number_integer() && right.is_number_integer();
            if (op == "<" || op == ">" || op == "<=" || op == ">=") {
                const double a = left.get<double>();
                const double b = right.get<double>();
                return op == "<" ? a < b : op == ">" ? a > b : op == "<=" ? a <= b : a >= b;
            }
            if (integers && op != "/") {
                const std::int64_t a = left.get<std::int64_t>();
                const std::int64_t b = right.get<std::int64_t>();
                if ((op == "//" || op == "%") && b == 0)
                    renderError(expr.line, "division by zero");
                if (op == "+")
                    return a + b;
                if (op == "-")
                    return a - b;
                if (op == "*")
                    return a * b;
                if (op == "//")
                    return (a / b) - ((a % b != 0 && ((a < 0) != (b < 0))) ? 1 : 0);
                if (op == "%")
                    return ((a % b) + b) % b;
            }
            const double a = left.get<double>();
            const double b = right.get<double>();
            if (op == "+")
                return a + b;
            if (op == "-")
                return a - b;
            if (op == "*")
                return a * b;
            if (b == 0)
                renderError(expr.line, "division by zero");
            if (op == "/")
                return a / b;
            if (op == "//")
                return std::floor(a / b);
            if (op == "%")
                return a - b * std::floor(a / b);
        }
        if ((op == "<" || op == ">" || op == "<=" || op == ">=") && left.is_string() &&
            right.is_string()) {
            const auto& a = left.get_ref<const std::string&>();
            const auto& b = right.get_ref<const std::string&>();
            return op == "<" ? a < b : op == ">" ? a > b : op == "<=" ? a <= b : a >= b;
        }
        if (op == "*" && left.is_string() && right.is_number_integer()) {
            std::string out;
            for (std::int64_t i = 0; i < right.get<std::int64_t>() && out.size() < (1u << 20); ++i)
                out += left.get<std::string>();
            return out;
        }
        renderError(expr.line,
                    "cannot apply '" + op + "' to a " + typeOf(left) + " and a " + typeOf(right));
    }

    std::vector<std::map<std::string, json>> m_scopes;
};

} // namespace

ChatTemplate::ChatTemplate(std::string_view source)
    : m_root(Parser(Lexer(source).run()).parseTemplate())
{
}

ChatTemplate::~ChatTemplate() = default;
ChatTemplate::ChatTemplate(ChatTemplate&&) noexcept = default;
ChatTemplate& ChatTemplate::operator=(ChatTemplate&&) noexcept = default;

std::string ChatTemplate::render(const json& variables) const
{
    std::string out;
    Renderer(variables).render(*m_root, out);
    return out;
}

} // namespace prefstudio::core::ml
