#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace prefstudio::core::eval {

/// One word of a text, lower-cased and singularised, with the bytes it came from.
struct Word
{
    std::string lemma;      ///< "knife" for "Knives"
    std::size_t offset = 0; ///< byte offset of the word in the text
    std::size_t length = 0; ///< its length in bytes
};

/// Words of `text`: runs of ASCII letters and digits and of non-ASCII letters. Punctuation,
/// apostrophes (straight and curly), dashes and other symbols separate words, so "dog's" is
/// "dog" + "s" and "hot-dog" is "hot" + "dog". Invalid UTF-8 bytes separate words too.
std::vector<Word> lemmaWords(std::string_view text);

/// A phrase normalised as lemmaWords() normalises a caption: "Teddy Bears" -> "teddy bear".
std::string lemmaPhrase(std::string_view phrase);

/// Our English singulariser for one lower-case word: regular -s, -es and -ies plurals, the
/// irregular plurals object words need (people, men, women, children, mice, knives, geese,
/// teeth, oxen, calves...), and words that only look plural left alone (bus, glass, grass,
/// tennis, species, sheep). A word with non-ASCII bytes is returned unchanged.
std::string singularize(std::string_view word);

/// The 80 COCO object categories, in the order of their official category ids.
const std::vector<std::string>& cocoCategories();

/// Whether `name` is one of cocoCategories().
bool isCocoCategory(std::string_view name);

/// One COCO object named in a caption.
struct ObjectMention
{
    std::string text;       ///< the word or phrase as written ("Teddy bears")
    std::string lemma;      ///< its normalised form ("teddy bear")
    std::string category;   ///< the COCO category it names ("teddy bear")
    std::size_t offset = 0; ///< byte offset in the caption
    std::size_t length = 0; ///< byte length in the caption
};

/// The COCO objects a caption mentions, in order, one entry per occurrence. Words are
/// singularised, then matched against our synonym table longest phrase first (so "hot dog"
/// is a hot dog, not a dog). Rules after CHAIR's: "baby"/"adult" before an animal and
/// "passenger" before an airplane, train, bus or boat are modifiers, not people; "toilet
/// seat" is the toilet, and "seat" is no chair in a caption that mentions a toilet; a few
/// phrases that name no object ("ski slope", "train track", "flower bed") hide their words.
std::vector<ObjectMention> cocoMentions(std::string_view caption);

/// The category a single word or phrase names through the synonym table ("puppies" -> dog);
/// empty when none.
std::string cocoCategoryOf(std::string_view phrase);

} // namespace prefstudio::core::eval
