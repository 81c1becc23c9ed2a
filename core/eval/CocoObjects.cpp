#include "eval/CocoObjects.h"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

namespace prefstudio::core::eval {

namespace {

// ---------------------------------------------------------------------------------------------
// Words
// ---------------------------------------------------------------------------------------------

bool isAsciiWordChar(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/// Length of the well-formed UTF-8 sequence at `i` and its code point; 0 when malformed.
std::size_t decodeUtf8(std::string_view s, std::size_t i, char32_t& cp)
{
    const auto lead = static_cast<unsigned char>(s[i]);
    std::size_t length = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
        cp = lead & 0x1Fu;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        cp = lead & 0x0Fu;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        cp = lead & 0x07u;
    } else {
        return 0;
    }
    if (i + length > s.size())
        return 0;
    for (std::size_t k = 1; k < length; ++k) {
        const auto c = static_cast<unsigned char>(s[i + k]);
        if ((c & 0xC0u) != 0x80u)
            return 0;
        cp = (cp << 6) | (c & 0x3Fu);
    }
    const char32_t least = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000;
    if (cp < least || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return length;
}

/// Letters of other scripts join a word; Latin-1 punctuation, the general punctuation and
/// symbol blocks (curly quotes, dashes, arrows) and emoji separate words.
bool isWordCodePoint(char32_t cp)
{
    if (cp >= 0xC0 && cp < 0x2000)
        return cp != 0xD7 && cp != 0xF7;
    return (cp >= 0x3040 && cp < 0xFE00) || (cp >= 0x20000 && cp < 0x30000);
}

bool isAscii(std::string_view word)
{
    return std::all_of(word.begin(), word.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

bool endsWith(std::string_view word, std::string_view tail)
{
    return word.size() >= tail.size() && word.substr(word.size() - tail.size()) == tail;
}

std::string dropTail(std::string_view word, std::size_t n, std::string_view add = {})
{
    return std::string(word.substr(0, word.size() - n)) + std::string(add);
}

// ---------------------------------------------------------------------------------------------
// Singulariser
// ---------------------------------------------------------------------------------------------

const std::unordered_map<std::string_view, std::string_view>& irregularPlurals()
{
    static const std::unordered_map<std::string_view, std::string_view> table = {
        {"people", "person"}, {"men", "man"},       {"women", "woman"},   {"children", "child"},
        {"mice", "mouse"},    {"geese", "goose"},   {"teeth", "tooth"},   {"feet", "foot"},
        {"oxen", "ox"},       {"knives", "knife"},  {"wives", "wife"},    {"lives", "life"},
        {"wolves", "wolf"},   {"calves", "calf"},   {"halves", "half"},   {"leaves", "leaf"},
        {"loaves", "loaf"},   {"shelves", "shelf"}, {"scarves", "scarf"}, {"thieves", "thief"},
        {"skis", "ski"},      {"taxis", "taxi"},    {"kiwis", "kiwi"},    {"busses", "bus"},
        {"dice", "die"},      {"cacti", "cactus"},  {"fungi", "fungus"},
    };
    return table;
}

/// Words that end like plurals but are singular (or have no singular we would want).
const std::unordered_set<std::string_view>& unchangedWords()
{
    static const std::unordered_set<std::string_view> words = {
        "series",    "species",     "news",    "sheep",      "deer",    "fish",     "moose",
        "bison",     "aircraft",    "salmon",  "pants",      "jeans",   "shorts",   "trousers",
        "goggles",   "tongs",       "clothes", "binoculars", "pliers",  "canvas",   "atlas",
        "christmas", "texas",       "lens",    "bias",       "alias",   "pancreas", "gymnastics",
        "physics",   "mathematics", "always",  "perhaps",    "whereas", "besides",  "sometimes",
    };
    return words;
}

/// -ies plurals whose singular ends in -ie, not -y.
const std::unordered_set<std::string_view>& iePlurals()
{
    static const std::unordered_set<std::string_view> words = {
        "cookies", "movies",  "zombies", "brownies", "selfies",  "goalies",  "hoodies",
        "veggies", "birdies", "aunties", "rookies",  "calories", "prairies", "smoothies",
        "pixies",  "collies", "kelpies", "yorkies",  "lassies",  "magpies",  "pies",
        "ties",    "lies",    "dies",    "bowties",
    };
    return words;
}

/// -oes plurals that drop "es" (the rest, shoes and canoes, drop "s").
const std::unordered_set<std::string_view>& oesPlurals()
{
    static const std::unordered_set<std::string_view> words = {
        "tomatoes", "potatoes",  "heroes",     "mangoes",  "volcanoes",
        "echoes",   "torpedoes", "mosquitoes", "dominoes", "buffaloes",
    };
    return words;
}

/// -ches/-uses words whose singular keeps the "e".
const std::unordered_set<std::string_view>& keepEPlurals()
{
    static const std::unordered_set<std::string_view> words = {
        "avalanches", "headaches", "moustaches", "mustaches", "niches", "caches",
        "cliches",    "quiches",   "blouses",    "causes",    "fuses",  "muses",
        "abuses",     "excuses",   "ruses",      "uses",      "pauses", "cruses",
    };
    return words;
}

/// "-men" words that are not plurals of "-man".
const std::unordered_set<std::string_view>& menWords()
{
    static const std::unordered_set<std::string_view> words = {
        "specimen", "abdomen", "omen", "stamen", "ramen", "semen", "amen", "regimen", "hymen",
    };
    return words;
}

} // namespace

std::string singularize(std::string_view word)
{
    if (const auto it = irregularPlurals().find(word); it != irregularPlurals().end())
        return std::string(it->second);
    if (word.size() <= 3 || !isAscii(word))
        return std::string(word);
    if (unchangedWords().count(word))
        return std::string(word);
    if (endsWith(word, "men"))
        return menWords().count(word) ? std::string(word) : dropTail(word, 3, "man");
    if (!endsWith(word, "s"))
        return std::string(word);
    if (endsWith(word, "ss") || endsWith(word, "us") || endsWith(word, "is"))
        return std::string(word);
    if (endsWith(word, "ies")) {
        if (iePlurals().count(word) || word.size() == 4)
            return dropTail(word, 1);
        return dropTail(word, 3, "y");
    }
    if (endsWith(word, "oes"))
        return oesPlurals().count(word) ? dropTail(word, 2) : dropTail(word, 1);
    if (keepEPlurals().count(word) || endsWith(word, "houses"))
        return dropTail(word, 1);
    if (endsWith(word, "sses") || endsWith(word, "uses") || endsWith(word, "xes") ||
        endsWith(word, "ches") || endsWith(word, "shes") || endsWith(word, "zzes"))
        return dropTail(word, 2);
    return dropTail(word, 1);
}

std::vector<Word> lemmaWords(std::string_view text)
{
    std::vector<Word> words;
    std::string current;
    std::size_t start = 0;
    bool ascii = true;
    auto flush = [&](std::size_t end) {
        if (current.empty())
            return;
        words.push_back({ascii ? singularize(current) : current, start, end - start});
        current.clear();
        ascii = true;
    };
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        std::size_t step = 1;
        bool inWord = false;
        if (c < 0x80) {
            inWord = isAsciiWordChar(c);
        } else {
            char32_t cp = 0;
            const std::size_t length = decodeUtf8(text, i, cp);
            if (length > 0) {
                step = length;
                inWord = isWordCodePoint(cp);
            }
        }
        if (!inWord) {
            flush(i);
        } else {
            if (current.empty())
                start = i;
            if (c < 0x80) {
                current += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
            } else {
                current.append(text.substr(i, step));
                ascii = false;
            }
        }
        i += step;
    }
    flush(text.size());
    return words;
}

std::string lemmaPhrase(std::string_view phrase)
{
    std::string joined;
    for (const Word& word : lemmaWords(phrase)) {
        if (!joined.empty())
            joined += ' ';
        joined += word.lemma;
    }
    return joined;
}

namespace {

// ---------------------------------------------------------------------------------------------
// Synonym table
// ---------------------------------------------------------------------------------------------

struct CategoryWords
{
    std::string_view category;
    std::vector<std::string_view> words; ///< singular; the category name is implied
};

// Our own list of words by which English captions name each COCO category. Words that are
// often something else ("glass", "bag", "watch", "pitcher", "mother" of a calf) are left out
// on purpose: a missed mention costs less than a false hallucination.
const std::vector<CategoryWords>& categoryWords()
{
    static const std::vector<CategoryWords> table = {
        {"person",
         {"man",         "woman",        "boy",       "girl",        "child",        "kid",
          "baby",        "toddler",      "infant",    "adult",       "teenager",     "teen",
          "lady",        "gentleman",    "guy",       "player",      "skier",        "snowboarder",
          "surfer",      "skateboarder", "rider",     "cyclist",     "biker",        "pedestrian",
          "passenger",   "driver",       "pilot",     "tourist",     "officer",      "policeman",
          "policewoman", "soldier",      "chef",      "worker",      "student",      "spectator",
          "umpire",      "referee",      "catcher",   "batter",      "athlete",      "jockey",
          "cowboy",      "farmer",       "vendor",    "customer",    "clown",        "doctor",
          "nurse",       "bride",        "groom",     "husband",     "wife",         "crowd",
          "fireman",     "firefighter",  "fisherman", "businessman", "businesswoman"}},
        {"bicycle", {"bike", "mountain bike", "bmx"}},
        {"car",
         {"automobile", "sedan", "suv", "taxi", "cab", "jeep", "van", "minivan", "police car",
          "race car", "sports car", "convertible"}},
        {"motorcycle",
         {"motorbike", "motor bike", "motor cycle", "scooter", "moped", "dirt bike",
          "motor scooter"}},
        {"airplane",
         {"aeroplane", "air plane", "plane", "jet", "jetliner", "airliner", "aircraft", "jumbo jet",
          "seaplane", "biplane"}},
        {"bus", {"school bus", "minibus", "double decker", "double decker bus"}},
        {"train", {"locomotive", "tram", "trolley", "streetcar", "railcar", "freight train"}},
        {"truck",
         {"pickup", "pickup truck", "lorry", "fire truck", "fire engine", "semi truck",
          "dump truck", "tow truck", "truck bed"}},
        {"boat",
         {"ship", "canoe", "kayak", "sailboat", "yacht", "ferry", "raft", "rowboat", "row boat",
          "speedboat", "speed boat", "tugboat", "barge", "catamaran", "vessel", "dinghy"}},
        {"traffic light", {"stoplight", "stop light", "traffic signal", "traffic lamp"}},
        {"fire hydrant", {"hydrant"}},
        {"stop sign", {}},
        {"parking meter", {}},
        {"bench", {"pew", "park bench"}},
        {"bird", {"pigeon", "seagull",     "gull",     "duck",     "duckling", "goose",   "swan",
                  "parrot", "crow",        "sparrow",  "eagle",    "hawk",     "owl",     "pelican",
                  "dove",   "hen",         "rooster",  "flamingo", "heron",    "penguin", "ostrich",
                  "finch",  "hummingbird", "songbird", "seabird"}},
        {"cat", {"kitten", "kitty", "tomcat", "tabby"}},
        {"dog", {"puppy",    "pup",       "doggy",     "doggie",    "hound",           "terrier",
                 "poodle",   "retriever", "labrador",  "bulldog",   "beagle",          "collie",
                 "corgi",    "pug",       "dachshund", "chihuahua", "german shepherd", "sheep dog",
                 "sheepdog", "dalmatian"}},
        {"horse", {"pony", "foal", "stallion", "mare", "colt"}},
        {"sheep", {"lamb", "ram", "ewe"}},
        {"cow", {"cattle", "bull", "calf", "ox", "heifer", "dairy cow"}},
        {"elephant", {}},
        {"bear", {"polar bear", "grizzly", "black bear", "brown bear"}},
        {"zebra", {}},
        {"giraffe", {}},
        {"backpack", {"back pack", "knapsack", "rucksack", "bookbag"}},
        {"umbrella", {"parasol"}},
        {"handbag", {"hand bag", "purse", "tote", "shoulder bag"}},
        {"tie", {"necktie", "bow tie", "bowtie"}},
        {"suitcase", {"suit case", "luggage", "briefcase"}},
        {"frisbee", {"flying disc", "flying disk"}},
        {"skis", {"ski"}},
        {"snowboard", {}},
        {"sports ball",
         {"ball", "football", "soccer ball", "basketball", "volleyball", "tennis ball", "softball",
          "golf ball", "beach ball", "rugby ball"}},
        {"kite", {}},
        {"baseball bat", {"bat", "softball bat", "cricket bat"}},
        {"baseball glove",
         {"mitt", "baseball mitt", "catcher mitt", "softball glove", "fielder glove"}},
        {"skateboard", {"skate board", "longboard"}},
        {"surfboard",
         {"surf board", "boogie board", "bodyboard", "body board", "paddleboard", "paddle board"}},
        {"tennis racket", {"racket", "racquet", "tennis racquet"}},
        {"bottle", {"water bottle", "wine bottle", "beer bottle"}},
        {"wine glass",
         {"wineglass", "champagne glass", "champagne flute", "glass of wine", "goblet"}},
        {"cup", {"mug", "teacup", "tea cup", "coffee cup", "coffee mug"}},
        {"fork", {}},
        {"knife", {"butter knife", "steak knife", "pocket knife"}},
        {"spoon", {"teaspoon", "tablespoon"}},
        {"bowl", {"salad bowl"}},
        {"banana", {}},
        {"apple", {}},
        {"sandwich", {"burger", "hamburger", "cheeseburger", "sub sandwich", "hoagie", "panini"}},
        {"orange", {"tangerine", "clementine", "mandarin"}},
        {"broccoli", {}},
        {"carrot", {}},
        {"hot dog", {"hotdog", "frankfurter", "corn dog"}},
        {"pizza", {}},
        {"donut", {"doughnut"}},
        {"cake", {"cupcake", "cheesecake", "birthday cake", "wedding cake"}},
        {"chair",
         {"seat", "stool", "armchair", "arm chair", "recliner", "high chair", "highchair",
          "bar stool", "barstool"}},
        {"couch", {"sofa", "loveseat", "love seat", "settee", "futon"}},
        {"potted plant",
         {"plant", "houseplant", "house plant", "flower pot", "flowerpot", "planter", "pot plant"}},
        {"bed", {"crib"}},
        {"dining table",
         {"table", "dinner table", "kitchen table", "picnic table", "coffee table", "desk"}},
        {"toilet", {"urinal", "commode", "toilet seat", "toilet bowl"}},
        {"tv",
         {"television", "television set", "tv set", "monitor", "computer monitor",
          "computer screen", "flat screen", "flatscreen", "flat screen tv",
          "flat screen television"}},
        {"laptop", {"laptop computer", "notebook computer", "macbook", "computer"}},
        {"mouse", {"computer mouse"}},
        {"remote",
         {"remote control", "controller", "game controller", "tv remote", "television remote"}},
        {"keyboard", {"computer keyboard", "keypad"}},
        {"cell phone",
         {"cellphone", "phone", "mobile phone", "smartphone", "smart phone", "iphone",
          "telephone"}},
        {"microwave", {"microwave oven"}},
        {"oven", {"stove", "stovetop", "stove top", "stove top oven", "gas stove"}},
        {"toaster", {"toaster oven"}},
        {"sink", {"washbasin", "wash basin"}},
        {"refrigerator", {"fridge", "freezer"}},
        {"book", {"textbook", "novel", "paperback", "hardcover"}},
        {"clock", {"clocktower", "clock tower", "alarm clock", "wall clock"}},
        {"vase", {}},
        {"scissors", {}},
        {"teddy bear", {"teddy", "teddybear", "stuffed animal", "stuffed bear"}},
        {"hair drier", {"hair dryer", "hairdryer", "blow dryer", "blow drier"}},
        {"toothbrush", {"tooth brush"}},
    };
    return table;
}

/// Phrases that name no COCO object though a word of theirs would.
constexpr std::array<std::string_view, 10> kNotObjects = {
    "ski slope", "ski lift",    "ski resort",     "ski pole",      "ski boot",
    "ski run",   "train track", "railroad track", "railway track", "flower bed",
};

constexpr std::array<std::string_view, 10> kAnimals = {
    "bird", "cat", "dog", "horse", "sheep", "cow", "elephant", "bear", "zebra", "giraffe",
};
constexpr std::array<std::string_view, 4> kPassengerVehicles = {"airplane", "train", "bus", "boat"};

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& list, std::string_view value)
{
    return std::find(list.begin(), list.end(), value) != list.end();
}

/// Normalised phrase -> category ("" for kNotObjects), and the longest phrase in words.
struct Lexicon
{
    std::unordered_map<std::string, std::string> category;
    std::size_t maxWords = 1;

    void add(std::string_view phrase, std::string_view name)
    {
        const std::string key = lemmaPhrase(phrase);
        const auto [it, inserted] = category.emplace(key, std::string(name));
        // Two categories claiming one phrase is a mistake in the table above, not in input.
        if (!inserted && it->second != name)
            throw std::logic_error("COCO synonym '" + key + "' is listed under both " + it->second +
                                   " and " + std::string(name));
        maxWords = std::max(maxWords,
                            static_cast<std::size_t>(std::count(key.begin(), key.end(), ' ') + 1));
    }
};

const Lexicon& lexicon()
{
    static const Lexicon table = [] {
        Lexicon built;
        for (const CategoryWords& entry : categoryWords()) {
            built.add(entry.category, entry.category);
            for (std::string_view word : entry.words)
                built.add(word, entry.category);
        }
        for (std::string_view phrase : kNotObjects)
            built.add(phrase, "");
        return built;
    }();
    return table;
}

struct Match
{
    std::size_t firstWord = 0;
    std::size_t endWord = 0;
    std::string lemma;
    std::string category;
};

} // namespace

const std::vector<std::string>& cocoCategories()
{
    static const std::vector<std::string> names = [] {
        std::vector<std::string> all;
        for (const CategoryWords& entry : categoryWords())
            all.emplace_back(entry.category);
        return all;
    }();
    return names;
}

bool isCocoCategory(std::string_view name)
{
    const auto& all = cocoCategories();
    return std::find(all.begin(), all.end(), name) != all.end();
}

std::string cocoCategoryOf(std::string_view phrase)
{
    const auto& table = lexicon().category;
    const auto it = table.find(lemmaPhrase(phrase));
    return it == table.end() ? std::string() : it->second;
}

std::vector<ObjectMention> cocoMentions(std::string_view caption)
{
    const Lexicon& table = lexicon();
    const std::vector<Word> words = lemmaWords(caption);

    std::vector<Match> matches;
    std::size_t i = 0;
    while (i < words.size()) {
        const std::size_t longest = std::min(table.maxWords, words.size() - i);
        bool matched = false;
        for (std::size_t n = longest; n >= 1 && !matched; --n) {
            std::string key = words[i].lemma;
            for (std::size_t k = 1; k < n; ++k)
                key += ' ' + words[i + k].lemma;
            const auto it = table.category.find(key);
            if (it == table.category.end())
                continue;
            if (!it->second.empty())
                matches.push_back({i, i + n, key, it->second});
            i += n;
            matched = true;
        }
        if (!matched)
            ++i;
    }

    const bool toilet = std::any_of(matches.begin(), matches.end(),
                                    [](const Match& m) { return m.category == "toilet"; });
    std::vector<ObjectMention> mentions;
    for (std::size_t k = 0; k < matches.size(); ++k) {
        const Match& m = matches[k];
        const Match* next = k + 1 < matches.size() && matches[k + 1].firstWord == m.endWord
                                ? &matches[k + 1]
                                : nullptr;
        if (next && (m.lemma == "baby" || m.lemma == "adult") && contains(kAnimals, next->category))
            continue;
        if (next && m.lemma == "passenger" && contains(kPassengerVehicles, next->category))
            continue;
        if (toilet && m.lemma == "seat")
            continue;
        const std::size_t offset = words[m.firstWord].offset;
        const std::size_t end = words[m.endWord - 1].offset + words[m.endWord - 1].length;
        mentions.push_back({std::string(caption.substr(offset, end - offset)), m.lemma, m.category,
                            offset, end - offset});
    }
    return mentions;
}

} // namespace prefstudio::core::eval
